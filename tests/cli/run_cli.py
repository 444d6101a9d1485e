#!/usr/bin/env python3
"""run_cli.py: CLI golden cases.

usage: run_cli.py --bin UNIONNEWS [--update] CASE.cmd...

A case NAME.cmd holds comment lines (#) and one shell command line that
calls `unionnews`; it runs with sh from the top of the source tree, with
the binary under test first on PATH. Beside it, NAME.out and NAME.err hold
the expected stdout and stderr (a missing file means empty) and
NAME.status the exit status (missing: 0). --update rewrites them from the
current output instead of comparing.
"""
import argparse
import os
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def expected(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return b""


def run_case(binary, case, update):
    lines = [l for l in open(case, encoding="utf-8").read().splitlines()
             if l.strip() and not l.startswith("#")]
    if len(lines) != 1:
        return [f"{case}: want one command line, found {len(lines)}"]
    with tempfile.TemporaryDirectory() as bindir:
        os.symlink(os.path.abspath(binary), os.path.join(bindir, "unionnews"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
                   LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        env.pop("COLUMNS", None)
        p = subprocess.run(["sh", "-c", lines[0]], cwd=TOP, env=env, capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=600)
    base = case[:-len(".cmd")]
    got = {"out": p.stdout, "err": p.stderr, "status": f"{p.returncode}\n".encode()}
    if update:
        for ext, data in got.items():
            path = f"{base}.{ext}"
            if data and not (ext == "status" and data == b"0\n"):
                with open(path, "wb") as f:
                    f.write(data)
            elif os.path.exists(path):
                os.unlink(path)
        return []
    problems = []
    for ext, data in got.items():
        want = expected(f"{base}.{ext}")
        if ext == "status" and not want:
            want = b"0\n"
        if data != want:
            problems.append(f"{os.path.basename(base)}.{ext} differs:\n  got:  {data[:400]!r}\n"
                            f"  want: {want[:400]!r}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("cases", nargs="+")
    a = ap.parse_args()
    failed = 0
    for case in a.cases:
        problems = run_case(a.bin, case, a.update)
        print(("FAIL " if problems else "ok   ") + os.path.basename(case))
        for p in problems:
            print("  " + p)
        failed += bool(problems)
    print(f"cli: {len(a.cases) - failed} of {len(a.cases)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
