#!/usr/bin/env python3
"""check_pipe.py: a pipe on stdout is widened to 1 MiB, never narrowed,
and what goes through it is what goes to a file.

usage: check_pipe.py --bin UNIONNEWS FILE...

Runs `articles -f jsonl FILE...` with stdout a pipe set to 64 KiB, reads
the pipe to its end while the command runs, and checks the bytes against a
run whose stdout is captured, then the pipe's size: 1 MiB where the
system's limit (/proc/sys/fs/pipe-max-size) or the privilege to pass it
allows it, else unchanged.
Where this process may set a pipe to 2 MiB (root), a run into such a pipe
must leave it at 2 MiB. Exits 1 naming each failure.
"""
import fcntl
import os
import subprocess
import sys

from cli_check import bin_and_files, run

MIB = 1 << 20


def through_pipe(binary, args, size):
    """(status, stdout bytes, pipe size after) of a run into a pipe of size."""
    r, w = os.pipe()
    fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, size)
    p = subprocess.Popen([binary] + args, stdout=w, stderr=subprocess.DEVNULL,
                         env={"LC_ALL": "C.UTF-8"})
    os.close(w)
    chunks = []
    while True:
        b = os.read(r, 1 << 16)
        if not b:
            break
        chunks.append(b)
    status = p.wait()
    after = fcntl.fcntl(r, fcntl.F_GETPIPE_SZ)
    os.close(r)
    return status, b"".join(chunks), after


def main():
    a = bin_and_files()
    args = ["articles", "-f", "jsonl"] + a.files
    failed = []
    want_status, want, _ = run(a.bin, args)
    if want_status != 0 or len(want) <= 1 << 16:
        failed.append("the captured run: status %d, %d bytes (more than 64 KiB wanted)"
                      % (want_status, len(want)))
    with open("/proc/sys/fs/pipe-max-size") as f:
        limit = int(f.read())
    # Past the limit only with the privilege to pass it (root, usually).
    r, w = os.pipe()
    try:
        fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, 2 * MIB)
        may_widen = True
    except OSError:
        may_widen = False
    os.close(r)
    os.close(w)
    status, got, after = through_pipe(a.bin, args, 1 << 16)
    if status != want_status or got != want:
        failed.append("through a pipe: status %d, %d bytes, not what a capture gets"
                      % (status, len(got)))
    expect = MIB if limit >= MIB or may_widen else 1 << 16
    if after != expect:
        failed.append("a 64 KiB pipe became %d bytes, not %d" % (after, expect))
    if may_widen:
        status, got, after = through_pipe(a.bin, args, 2 * MIB)
        if got != want or after != 2 * MIB:
            failed.append("a 2 MiB pipe became %d bytes (%d bytes through it)"
                          % (after, len(got)))
    for f in failed:
        print("check_pipe: " + f, file=sys.stderr)
    print("check_pipe: %d bytes through the pipe, %s"
          % (len(want), "FAILED" if failed else "ok (2 MiB case %s)"
             % ("run" if may_widen else "not allowed here")))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
