"""cli_check.py: what the check scripts share: their command line (the
binary and the input files) and a run of the binary in the C.UTF-8 locale."""
import argparse
import subprocess


def bin_and_files():
    """--bin UNIONNEWS FILE...: the parsed arguments (a.bin, a.files)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("files", nargs="+")
    return ap.parse_args()


def run(binary, args, stdin=None):
    """(status, stdout bytes, stderr bytes) of binary with args."""
    p = subprocess.run([binary] + args, capture_output=True, stdin=stdin,
                       env={"LC_ALL": "C.UTF-8"})
    return p.returncode, p.stdout, p.stderr
