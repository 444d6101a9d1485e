#!/usr/bin/env python3
"""run_spec.py: runs the reader's spec examples (tests/spec/*.spec).

usage: run_spec.py --bin UNIONNEWS SPEC...

A spec file holds examples, each a page and the records it must give:

    ## a title for the example
    ~~~ page
    (page text; a line "<blank>" stands for an empty line is not needed:
     empty lines are kept as they are)
    ~~~ records
    article 1-3 headline=… authors=王明/记者,李华/通讯员
    fragment 5-5
    ~~~

Each record line is KIND FIRST-LAST followed by key=value checks; a value
runs to the next " key=" or the end of the line. Keys: section, kicker,
headline, deck, byline (as printed; "null" for none), authors (name/role,
comma-separated; a role "-" for none), subheads and captions (separated by
" | "), paragraphs, chars, body (with "\\n" between paragraphs), districts
(each district mention in order as text=code, comma-separated; an ambiguous
one as text=?code|code, a historical one as text=code<former-code). Keys not
given are not checked; the number and order of records always are.
Prints one line per example and a summary; exits 1 when any failed.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

KEYS = ["section", "kicker", "headline", "deck", "byline", "authors", "subheads", "captions",
        "paragraphs", "chars", "body", "districts"]
CHECK_RE = re.compile(r"\s(%s)=" % "|".join(KEYS))


def parse_spec(path):
    examples, title, mode, page, recs = [], None, None, [], []
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.rstrip("\n")
        if line.startswith("## "):
            title = line[3:].strip()
        elif line.startswith("~~~"):
            tag = line[3:].strip()
            if tag == "page":
                mode, page, recs, start = "page", [], [], n
            elif tag == "records":
                mode = "records"
            elif tag == "" and mode:
                examples.append((title, start, "\n".join(page) + "\n", recs))
                mode = None
        elif mode == "page":
            page.append(line)
        elif mode == "records" and line.strip():
            recs.append(line.strip())
    return examples


def parse_record(line):
    head, _, rest = line.partition(" ")
    kind = head
    rng, _, checks = rest.partition(" ")
    first, _, last = rng.partition("-")
    want = {"kind": kind, "line_start": int(first), "line_end": int(last or first)}
    checks = " " + checks
    marks = list(CHECK_RE.finditer(checks))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(checks)
        want[m.group(1)] = checks[m.end():end].strip()
    return want


def render(key, rec):
    v = rec.get(key)
    if key == "authors":
        return ",".join(f"{a['name']}/{a['role'] if a['role'] else '-'}" for a in v)
    if key == "districts":
        out = []
        for e in rec.get("entities", []):
            if e.get("type") != "district":
                continue
            if e.get("status") == "ambiguous":
                out.append(e["text"] + "=?" + "|".join(c["code"] for c in e.get("candidates", [])))
            elif e.get("former"):
                out.append(f"{e['text']}={e['code']}<{e['former']['code']}")
            else:
                out.append(f"{e['text']}={e['code']}")
        return ",".join(out)
    if key in ("subheads", "captions"):
        return " | ".join(v)
    if key == "body":
        return (v or "").replace("\n", "\\n")
    if v is None:
        return "null"
    return str(v)


def run_example(binary, page):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(page)
        name = f.name
    try:
        out = subprocess.run([binary, "articles", "--format", "jsonl", name],
                             capture_output=True, timeout=600)
    finally:
        os.unlink(name)
    if out.returncode != 0:
        return None, out.stderr.decode("utf-8", "replace")
    return [json.loads(l) for l in out.stdout.decode("utf-8").splitlines() if l.strip()], ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("spec", nargs="+")
    a = ap.parse_args()
    total = failed = 0
    for path in a.spec:
        for title, line, page, recs in parse_spec(path):
            total += 1
            got, err = run_example(a.bin, page)
            problems = []
            if got is None:
                problems.append("unionnews failed: " + err.strip())
            else:
                wants = [parse_record(r) for r in recs]
                if len(got) != len(wants):
                    problems.append(f"{len(got)} records, want {len(wants)}: " +
                                    "; ".join(f"{r['kind']} {r['line_start']}-{r['line_end']} "
                                              f"{r['headline']}" for r in got))
                for i, (w, g) in enumerate(zip(wants, got), 1):
                    for key, val in w.items():
                        have = g.get(key) if key in ("kind", "line_start", "line_end") else render(key, g)
                        if str(have) != str(val):
                            problems.append(f"record {i} {key}: got {have!r}, want {val!r}")
            status = "ok" if not problems else "FAIL"
            print(f"{status:4} {os.path.basename(path)}:{line} {title}")
            for p in problems:
                print("     " + p)
            failed += bool(problems)
    print(f"spec: {total - failed} of {total} examples passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
