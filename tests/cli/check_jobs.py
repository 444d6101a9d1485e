#!/usr/bin/env python3
"""check_jobs.py: -j N gives exactly what -j 1 gives.

usage: check_jobs.py --bin UNIONNEWS FILE...

Runs every reading command, in every format, over the files (some of which
should be missing or hold invalid bytes, so that messages and the exit
status are compared too) with one thread and with three, and compares
stdout, stderr and the exit status byte for byte. Exits 1 naming each
command that differs.
"""
import sys

from cli_check import bin_and_files, run

FORMATS = ["table", "csv", "tsv", "json", "jsonl"]
COMMANDS = [
    ["articles"],
    ["entities"],
    ["figures"],
    ["kwic", "-w", "6", "工会"],
    ["stats", "--top", "5"],
    ["grep", "--district", "浙江"],
    ["grep", "-c", "-e", "职工"],
    ["grep", "-l", "-e", "职工"],
    ["grep", "-q", "-e", "职工"],
]


def main():
    a = bin_and_files()
    failed = 0
    cases = 0
    for cmd in COMMANDS:
        fmts = FORMATS if cmd[0] != "grep" or len(cmd) == 3 else ["table"]
        for fmt in fmts:
            args = cmd + ["-f", fmt] + a.files
            one = run(a.bin, args + ["-j", "1"])
            many = run(a.bin, args + ["-j", "3"])
            cases += 1
            if one != many:
                which = [n for n, x, y in zip(("status", "stdout", "stderr"), one, many) if x != y]
                print(f"FAIL {' '.join(cmd)} -f {fmt}: -j 3 differs in {', '.join(which)}")
                failed += 1
            elif not one[1] and cmd[-1] != "职工" and cmd[1:2] != ["-q"]:
                print(f"FAIL {' '.join(cmd)} -f {fmt}: no output to compare")
                failed += 1
    print(f"jobs: {cases - failed} of {cases} runs identical with -j 1 and -j 3")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
