#!/usr/bin/env python3
"""check_formats.py: every CSV, TSV, JSON and JSON Lines output of every
command, read back with Python's own csv and json modules.

usage: check_formats.py --bin UNIONNEWS PAGE

For each command the four formats must agree: the same rows, the same
fields, the same values (a JSON null is an empty CSV field, a JSON number
its digits). CSV rows end in CRLF and TSV rows in LF; every row has as many
fields as the header; a --bom output starts with exactly one BOM and no
field holds one. Exits 1 naming the first disagreement of each command.
"""
import argparse
import csv
import io
import json
import subprocess
import sys

COMMANDS = [
    ["entities"],
    ["figures"],
    ["stats", "--top", "0", "--by", "county"],
    ["grep", "--district", "浙江"],
    ["kwic", "-w", "7", "工会"],
    ["articles"],
]

# articles: CSV holds counts and joined lists where JSON holds arrays.
ARTICLE_SCALARS = ["file", "id", "kind", "section", "kicker", "headline", "deck", "byline",
                   "line_start", "line_end", "paragraphs", "chars", "body"]


def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True)
    if p.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.decode()}")
    return p.stdout


def cell(v):
    """A JSON value as CSV prints it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def read_delimited(data, delim, name, bom):
    text = data.decode("utf-8")
    if bom:
        if not text.startswith("\ufeff"):
            raise ValueError(f"{name}: --bom output does not start with a BOM")
        text = text[1:]
    if "\ufeff" in text:
        raise ValueError(f"{name}: a BOM inside the output")
    ending = "\r\n" if delim == "," else "\n"
    if text and not text.endswith(ending):
        raise ValueError(f"{name}: rows do not end in {ending!r}")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    if not rows:
        raise ValueError(f"{name}: no header")
    header = rows[0]
    for i, r in enumerate(rows[1:], 2):
        if len(r) != len(header):
            raise ValueError(f"{name}: row {i} has {len(r)} fields, the header {len(header)}")
    return header, rows[1:]


def check(binary, cmd, page):
    name = cmd[0]
    base = cmd[:1] + cmd[1:]
    jsonl = [json.loads(l) for l in run(binary, base + ["-f", "jsonl", page]).decode().splitlines()]
    arr = json.loads(run(binary, base + ["-f", "json", page]).decode() or "[]")
    if arr != jsonl:
        raise ValueError(f"{name}: json and jsonl differ")
    if not jsonl:
        raise ValueError(f"{name}: no rows to compare")
    for fmt, delim in (("csv", ","), ("tsv", "\t")):
        for bom in (False, True):
            args = base + ["-f", fmt] + (["--bom"] if bom else []) + [page]
            header, rows = read_delimited(run(binary, args), delim, f"{name} {fmt}", bom)
            if len(rows) != len(jsonl):
                raise ValueError(f"{name} {fmt}: {len(rows)} rows, jsonl {len(jsonl)}")
            keys = ARTICLE_SCALARS if name in ("articles", "grep") else header
            for i, (r, obj) in enumerate(zip(rows, jsonl)):
                got = dict(zip(header, r))
                for k in keys:
                    if k not in obj or k not in got:
                        raise ValueError(f"{name} {fmt}: field {k} missing")
                    want = cell(obj[k])
                    if got[k] != want:
                        raise ValueError(f"{name} {fmt} row {i + 1} {k}: {got[k]!r} != {want!r}")
                if name in ("articles", "grep"):
                    for k in ("entities", "figures"):
                        if got[k] != str(len(obj[k])):
                            raise ValueError(f"{name} {fmt} row {i + 1}: {k} count")
            # --no-header drops exactly the header row.
            plain = run(binary, base + ["-f", fmt, "--no-header", page]).decode()
            if list(csv.reader(io.StringIO(plain, newline=""), delimiter=delim)) != rows:
                raise ValueError(f"{name} {fmt}: --no-header changes the rows")
    return len(jsonl)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("page")
    a = ap.parse_args()
    failed = 0
    for cmd in COMMANDS:
        try:
            n = check(a.bin, cmd, a.page)
            print(f"ok   {cmd[0]}: {n} rows agree in csv, tsv, json, jsonl")
        except ValueError as e:
            print(f"FAIL {e}")
            failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
