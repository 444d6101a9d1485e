#!/usr/bin/env python3
"""check_export_queries.py: the queries of docs/export.md give sensible
answers, its views agree with `unionnews stats`, and it documents every
table and column.

usage: check_export_queries.py --bin UNIONNEWS

From the top of the source tree: exports data/bulletin.txt, runs the three
```sql blocks under "## Queries" in docs/export.md as they stand, and checks
what each answers against the records (`articles -f jsonl`); then compares
the views district_articles and union_mentions with the tidy table of
`stats` over a few more pages. Exits 1 naming each failure.
"""
import argparse
import csv
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(TOP, "docs", "export.md")
SEED = "data/bulletin.txt"
MORE = [SEED, "tests/cli/data/page-u1.txt", "tests/cli/data/page-p1.txt",
        "tests/cli/data/page-c1.txt", "tests/cli/data/page-n1.txt",
        "tests/cli/data/page-l1.txt", "tests/cli/data/donghu.txt"]

failures = []


def fail(what):
    failures.append(what)
    print("FAIL " + what)


def run(binary, args):
    p = subprocess.run([binary] + args, cwd=TOP, capture_output=True,
                       env=dict(os.environ, LC_ALL="C.UTF-8"), timeout=300)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.decode()}")
    return p.stdout.decode()


def doc_queries():
    text = open(DOC, encoding="utf-8").read()
    section = text.split("\n## Queries\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def export(binary, db, files):
    run(binary, ["export", "-q", "--sqlite", db] + files)
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    return con


def check_over_time(con, rows, recs):
    """Articles about 台州市: the seed's first story, which names 黄岩 in 台州."""
    if not rows:
        fail("query 1 (a district over time): no rows")
        return
    heads = {(r["file"], r["seq"]): r["headline"] for r in rows}
    if heads.get((SEED, 1)) != "创新实践产改“政治上保证”":
        fail(f"query 1: the seed's first story is missing: {heads}")
    for r in rows:
        rec = next(x for x in recs if x["file"] == r["file"] and x["id"] == r["seq"])
        named = [e for e in rec["entities"] if e["type"] == "district" and e.get("code")
                 and e["code"].startswith("3310")]
        if rec["kind"] != "article" or len(named) != r["mentions"]:
            fail(f"query 1: {r['file']} {r['seq']} names {len(named)} places of 台州市, "
                 f"the query says {r['mentions']}")


def check_top_programmes(con, rows, recs):
    if not rows:
        fail("query 2 (top programmes per prefecture): no rows")
        return
    by_code = {}
    for r in rows:
        by_code.setdefault(r["code"], []).append(r)
    for code, rs in by_code.items():
        if [r["rank"] for r in rs] != list(range(1, len(rs) + 1)) or len(rs) > 3:
            fail(f"query 2: ranks of {code}: {[r['rank'] for r in rs]}")
        level = con.execute("SELECT level FROM places WHERE code = ?", (code,)).fetchone()
        if not level or level[0] != "prefecture":
            fail(f"query 2: {code} is no prefecture")
        keys = [(-r["records"], -r["mentions"], r["programme"]) for r in rs]
        if keys != sorted(keys):
            fail(f"query 2: {code} is not in order")
    top = by_code.get("331000", [])
    if not top or top[0]["programme"] != "先锋领队":
        fail(f"query 2: 台州市's top programme is not 先锋领队: {[dict(r) for r in top]}")
    else:
        want = sum(1 for r in recs for e in r["entities"]
                   if e["type"] == "programme" and e["name"] == "先锋领队")
        if top[0]["mentions"] != want:
            fail(f"query 2: 先锋领队 has {top[0]['mentions']} mentions, the records {want}")


def check_search(con, rows, recs):
    word = "技能人才"
    want = {(r["file"], r["id"]) for r in recs
            if word in (r["body"] or "") or word in (r["headline"] or "")}
    got = {(r["file"], r["seq"]) for r in rows}
    if not rows or got != want:
        fail(f"query 3 (full-text search): found {sorted(got)}, the records hold it in "
             f"{sorted(want)}")
    for r in rows:
        if "【" + word + "】" not in (r["context"] or ""):
            fail(f"query 3: no marked {word} in the snippet {r['context']!r}")


def stats_rows(binary, files):
    out = run(binary, ["stats", "-f", "csv", "--top", "0", "--by", "none"] + files)
    rows = list(csv.DictReader(io.StringIO(out)))
    for level in ("province", "prefecture", "county"):
        out = run(binary, ["stats", "-f", "csv", "--top", "0", "--by", level] + files)
        rows += [r for r in csv.DictReader(io.StringIO(out)) if r["table"] == level]
    return rows


def check_views(binary, tmp):
    con = export(binary, os.path.join(tmp, "more.db"), MORE)
    st = stats_rows(binary, MORE)
    for level in ("province", "prefecture", "county"):
        want = {(r["key"], r["code"], int(r["mentions"]), int(r["articles"]))
                for r in st if r["table"] == level}
        got = {(r["name"], r["code"], r["mentions"], r["records"]) for r in con.execute(
            "SELECT name, code, mentions, records FROM district_articles WHERE level = ?",
            (level,))}
        if not want or got != want:
            fail(f"district_articles at {level} differs from stats --by {level}: "
                 f"only in the view {sorted(got - want)}, only in stats {sorted(want - got)}")
    want = {(r["key"], r["code"] or None, int(r["mentions"]), int(r["articles"]))
            for r in st if r["table"] == "union"}
    got = {(r["name"], r["code"], r["mentions"], r["records"])
           for r in con.execute("SELECT name, code, mentions, records FROM union_mentions")}
    if not want or got != want:
        fail(f"union_mentions differs from stats' unions: only in the view "
             f"{sorted(got - want)}, only in stats {sorted(want - got)}")
    con.close()


def check_documented(con):
    """Every table, view and column is named in docs/export.md."""
    doc = open(DOC, encoding="utf-8").read()
    names = [n for (n,) in con.execute(
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE "
        "'sqlite_%' AND name NOT LIKE 'articles_fts_%'")]
    for name in names:
        if f"`{name}`" not in doc and f"`{name} (" not in doc and f"### {name}" not in doc:
            fail(f"docs/export.md does not name the table {name}")
        for col in con.execute(f"PRAGMA table_info({name})"):
            if f"`{col['name']}`" not in doc and not re.search(
                    rf"{name} \([^)]*\b{col['name']}\b", doc):
                fail(f"docs/export.md does not name {name}.{col['name']}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    queries = doc_queries()
    if len(queries) != 3:
        fail(f"docs/export.md has {len(queries)} queries under '## Queries', not 3")
        return 1
    recs = [json.loads(line) for line in
            run(binary, ["articles", "-f", "jsonl", SEED]).splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        con = export(binary, os.path.join(tmp, "seed.db"), [SEED])
        checks = [check_over_time, check_top_programmes, check_search]
        for n, (sql, check) in enumerate(zip(queries, checks), 1):
            try:
                rows = con.execute(sql).fetchall()
            except sqlite3.Error as e:
                fail(f"query {n}: {e}")
                continue
            check(con, rows, recs)
            print(f"     query {n}: {len(rows)} rows")
        check_documented(con)
        con.close()
        check_views(binary, tmp)
    print(f"export queries: {'all checks passed' if not failures else f'{len(failures)} failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
