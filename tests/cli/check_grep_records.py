#!/usr/bin/env python3
"""check_grep_records.py: grep's whole records are those of `articles`.

usage: check_grep_records.py --bin UNIONNEWS FILE...

grep looks at the bytes of a file, noting the lines where names stand, then
at each record (by its lines, or its text where the file was not kept),
and indexes only the records that may hold a name it needs (for its
default lines and -c, only those records are read, and the rest of the page
only where the page's province must settle a name). What it prints with -f
jsonl must be exactly the records `articles -f jsonl` gives for the same
files whose districts lie in the place asked for (a code prefix), entities
and figures included; its default lines and its -c counts must name the
same records. Checked for a province, a prefecture and a county, with and
without -e, with one thread and two, for a GB18030 copy of the files (its
bytes cannot be looked at; its records can), for a copy with CR LF line
ends (lines counted as the reader counts them), for a file too big to keep
(read twice, its records by their text), and for stdin (the first FILE,
which must hold a record about 黄岩, as the seed page does).
Exits 1 naming each case that differs.
"""
import json
import os
import sys
import tempfile

import cli_check
from cli_check import bin_and_files

# district, its code prefix, and an -e text (or None)
CASES = [
    ("浙江", "33", None),
    ("台州", "3310", None),
    ("黄岩", "331003", None),
    ("331003", "331003", None),
    ("象山县", "330225", None),
    ("上城区", "330102", None),
    ("余姚", "330281", None),
    ("南浔", "330503", None),
    ("柯桥", "330603", None),
    ("黄岩", "331003", "工会"),
    ("上城区", "330102", "工会"),
    ("浙江", "33", "职工"),
    ("北京", "11", None),
    # 西湖区 lies in 杭州 or in 南昌: the page's other stories settle it
    # (tests/cli/data/xihu.txt), though grep reads them only to do so.
    ("杭州", "3301", None),
]


def run(binary, args, stdin=None):
    rc, out, err = cli_check.run(binary, args, stdin)
    return rc, out.decode("utf-8"), err.decode("utf-8")


def records(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def in_place(rec, prefix, text):
    if not any(e.get("type") == "district" and (e.get("code") or "").startswith(prefix)
               for e in rec.get("entities", [])):
        return False
    if text is None:
        return True
    parts = [rec.get(k) or "" for k in ("section", "kicker", "headline", "deck", "byline",
                                         "body")]
    parts += rec.get("subheads") or []
    parts += rec.get("captions") or []
    return any(text in p for p in parts)


def main():
    a = bin_and_files()
    failed = 0
    checked = 0
    matched = 0
    with tempfile.TemporaryDirectory() as tmp:
        gb, crlf = [], []
        for i, f in enumerate(a.files):
            data = open(f, encoding="utf-8").read()
            path = os.path.join(tmp, f"gb-{i}.txt")
            with open(path, "wb") as out:
                out.write(data.encode("gb18030"))
            gb.append(path)
            path = os.path.join(tmp, f"crlf-{i}.txt")
            with open(path, "wb") as out:
                out.write(data.replace("\n", "\r\n").encode("utf-8"))
            crlf.append(path)
        inputs = [("utf-8", a.files), ("gb18030", gb), ("CR LF", crlf)]
        for label, files in inputs:
            rc, out, err = run(a.bin, ["articles", "-q", "-f", "jsonl"] + files)
            if rc != 0:
                print(f"FAIL articles on the {label} files: exit {rc}: {err}")
                failed += 1
                continue
            every = records(out)
            for district, prefix, text in CASES:
                want = [r for r in every if in_place(r, prefix, text)]
                extra = ["-e", text] if text else []
                for jobs in ("1", "2"):
                    args = ["grep", "--color=never", "-f", "jsonl",
                            "-j", jobs, "--district", district] + extra
                    rc, out, err = run(a.bin, args + files)
                    got = records(out)
                    checked += 1
                    name = f"{label} -j {jobs} --district {district}" + \
                        (f" -e {text}" if text else "")
                    if rc != (0 if want else 1):
                        print(f"FAIL {name}: exit {rc}, want {0 if want else 1}: {err}")
                        failed += 1
                    elif got != want:
                        print(f"FAIL {name}: {len(got)} records, want {len(want)}"
                              " (or they differ)")
                        failed += 1
                    matched += len(got)
                    # The default lines (file:line: headline), with -c too:
                    # only the records in the place, read from the kept
                    # records alone where the page needs nothing else.
                    rc, out, err = run(a.bin, ["grep", "--color=never", "-j", jobs,
                                               "--district", district] + extra + files)
                    checked += 1
                    lines = [f"{r['file']}:{r['line_start']}" for r in want]
                    got_lines = [line.split(": ", 1)[0] for line in out.splitlines()]
                    heads = [r["headline"] for r in want if r.get("headline")]
                    got_heads = [line.split(": ", 1)[1] for line in out.splitlines()
                                 if line.split(": ", 1)[1] in heads]
                    if rc != (0 if want else 1) or got_lines != lines or got_heads != heads:
                        print(f"FAIL {name} (lines): {len(got_lines)} lines, want {len(lines)}"
                              " (or they differ)")
                        failed += 1
                    rc, out, err = run(a.bin, ["grep", "-c", "--color=never", "-j", jobs,
                                               "--district", district] + extra + files)
                    checked += 1
                    counts = {}
                    for r in want:
                        counts[r["file"]] = counts.get(r["file"], 0) + 1
                    got_counts = {}
                    for line in out.splitlines():
                        f, _, c = line.rpartition(":")
                        got_counts[f] = int(c) if c.isdigit() else -1
                    if rc != (0 if want else 1) or any(
                            got_counts.get(f, 0) != counts.get(f, 0)
                            for f in set(counts) | set(got_counts)):
                        print(f"FAIL {name} (-c): {got_counts}, want {counts}")
                        failed += 1
        # A file too big for the look to keep for the reader (4 MiB): read
        # twice, with the same lines.
        big = os.path.join(tmp, "big.txt")
        page = open(a.files[0], encoding="utf-8").read()
        with open(big, "w", encoding="utf-8") as out:
            out.write(page * (5 * 2**20 // len(page.encode("utf-8")) + 1))
        rc, out, err = run(a.bin, ["articles", "-q", "-f", "jsonl", big])
        want = [f"{r['file']}:{r['line_start']}" for r in records(out)
                if in_place(r, "331003", None)]
        rc, out, err = run(a.bin, ["grep", "--color=never", "-j", "1", "--district", "黄岩",
                                   big])
        checked += 1
        got = [line.split(": ", 1)[0] for line in out.splitlines()]
        if not want or got != want:
            print(f"FAIL a file of 5 MiB: {len(got)} lines, want {len(want)}")
            failed += 1
        # Standard input: read once, never looked at first.
        with open(a.files[0], "rb") as f:
            rc, out, err = run(a.bin, ["articles", "-f", "jsonl", "-"], stdin=f)
        want = [r for r in records(out) if in_place(r, "331003", None)]
        with open(a.files[0], "rb") as f:
            rc, out, err = run(a.bin, ["grep", "-f", "jsonl", "--district", "黄岩", "-"],
                               stdin=f)
        checked += 1
        if not want:
            print(f"FAIL stdin: {a.files[0]} holds no record about 黄岩 to compare")
            failed += 1
        elif records(out) != want:
            print(f"FAIL stdin: {len(records(out))} records, want {len(want)}")
            failed += 1
    if matched == 0:
        print("FAIL no case matched a record: nothing was compared")
        failed += 1
    print(f"grep records: {checked - failed} of {checked} runs print exactly the records "
          f"of articles in the place ({matched} records in all)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
