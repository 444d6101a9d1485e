#!/usr/bin/env python3
"""check_report.py: `unionnews report` writes one well-formed, self-contained,
deterministic HTML page with the counts of stats.

    check_report.py --bin BIN --source DIR --work DIR [--mb N]
    check_report.py --bin BIN --source DIR --work DIR --screenshot

The first form renders the report of data/bulletin.txt and of a corpus of
about N MB (default 20) made by repeating the seed page and the CLI test
pages into 40 files, and checks: every non-void tag closed and properly
nested (html.parser), the sections and charts, known values of the seed
page, escaping, nothing fetched from elsewhere, the same bytes on every run
and with any -j, -o writing a whole file or nothing, and --rows.

The second takes screenshots of the seed page's report with headless
Chromium (at desktop and phone width) and checks that they are not blank:
many colours, enough ink, and the bars drawn. Without chromium it exits 77,
which ctest reports as skipped. Artifacts stay under --work.
"""
import argparse
import html
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
SKIP = 77
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


class Page(html.parser.HTMLParser):
    """Checks nesting and collects what the checks look at: ids, the rows of
    each table (by id) as lists of cell texts, and the texts of SVG charts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []
        self.ids = set()
        self.tables = {}
        self.table = None
        self.row = None
        self.cell = None
        self.svg_texts = {}
        self.svg = None
        self.in_text = False
        self.attrs_seen = []

    def error_at(self, msg):
        line, col = self.getpos()
        self.errors.append("%d:%d: %s" % (line, col + 1, msg))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attrs_seen.append((tag, a))
        if "id" in a:
            if a["id"] in self.ids:
                self.error_at("duplicate id %r" % a["id"])
            self.ids.add(a["id"])
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "table":
            self.table = a.get("id", "")
            self.tables[self.table] = []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "svg":
            self.svg = a.get("id", "")
            self.svg_texts[self.svg] = []
        elif tag == "text" and self.svg is not None:
            self.in_text = True
            self.svg_texts[self.svg].append("")

    def handle_startendtag(self, tag, attrs):
        self.attrs_seen.append((tag, dict(attrs)))
        if tag not in VOID and "svg" not in self.stack:
            self.error_at("<%s/> is not a void element" % tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.error_at("end tag of void element </%s>" % tag)
            return
        if not self.stack:
            self.error_at("</%s> with nothing open" % tag)
            return
        if self.stack[-1] != tag:
            self.error_at("</%s> closes <%s>" % (tag, self.stack[-1]))
            return
        self.stack.pop()
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.table].append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None
        elif tag == "svg":
            self.svg = None
        elif tag == "text":
            self.in_text = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        if self.in_text and self.svg is not None:
            self.svg_texts[self.svg][-1] += data


def parse(text, what):
    p = Page()
    p.feed(text)
    p.close()
    for e in p.errors[:10]:
        fail("%s: %s" % (what, e))
    check(not p.stack, "%s: left open: %s" % (what, p.stack))
    return p


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def report(binary, args, what, cwd=None):
    r = run([binary, "report"] + args, cwd=cwd)
    check(r.returncode == 0, "%s: exit %d: %s" % (what, r.returncode, r.stderr.decode()))
    return r.stdout


def rows_of(page, table_id):
    """The body rows of a table (the header row left out)."""
    return page.tables.get(table_id, [])[1:]


def check_common(text, page, what):
    """What every report holds, whatever its input."""
    check(text.startswith("<!DOCTYPE html>\n"), what + ": no doctype")
    for sid in ("summary", "places", "entities", "figures", "authors", "articles",
                "filter", "article-table", "table-district", "table-union",
                "table-programme", "table-company", "table-person", "table-unit",
                "table-role", "table-author", "dates"):
        check(sid in page.ids, "%s: no element #%s" % (what, sid))
    check('name="viewport"' in text, what + ": no viewport meta")
    check("Noto Sans CJK SC" in text, what + ": no CJK font list")
    # Self-contained: nothing loaded from elsewhere. The SVG namespace is a
    # name, not a fetch.
    rest = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for bad in ("http://", "https://", "<link", "@import", "url(", "@font-face"):
        check(bad not in rest, "%s: refers elsewhere (%r)" % (what, bad))
    for tag, attrs in page.attrs_seen:
        check("src" not in attrs and (attrs.get("href") or "#").startswith("#"),
              "%s: <%s> loads %r" % (what, tag, attrs))
    check(text.count("<script>") == 1, what + ": one inline script")


def check_seed(binary, source, work):
    seed = os.path.join(source, "data", "bulletin.txt")
    out = report(binary, [seed], "seed")
    text = out.decode("utf-8")
    page = parse(text, "seed")
    check_common(text, page, "seed")
    tiles = dict()
    for line in text.splitlines():
        if line.startswith('<div class="tile"><b>'):
            value = line.split("<b>")[1].split("</b>")[0]
            label = line.split("<span>")[1].split("</span>")[0]
            tiles[label] = value
    check(tiles.get("files read") == "1", "seed: files tile %r" % tiles)
    check(tiles.get("articles") == "6", "seed: articles tile %r" % tiles)
    check(tiles.get("fragments") == "3", "seed: fragments tile %r" % tiles)
    check(tiles.get("characters") == "6,457", "seed: characters tile %r" % tiles)
    check("no date of issue" in text and "no date range" in text, "seed: the dates note")

    arts = rows_of(page, "article-table")
    check(len(arts) == 6, "seed: %d article rows, not 6" % len(arts))
    if arts:
        check(arts[0] == [seed, "5", "创新实践产改“政治上保证”", "杜成敏 (记者); 项微 (通讯员)",
                          "台州市、黄岩区、浙江省"], "seed: first article row %r" % arts[0])
    dist = rows_of(page, "table-district")
    check(dist and dist[0][:4] == ["1", "柯桥区", "330603", "county"] and
          dist[0][4].strip() == "11", "seed: top district %r" % (dist[:1],))
    unions = rows_of(page, "table-union")
    check(unions and unions[0][1] == "上城区总工会", "seed: top union %r" % (unions[:1],))
    progs = rows_of(page, "table-programme")
    check(progs and progs[0][1] == "先锋领队", "seed: top programme %r" % (progs[:1],))
    check(len(progs) == 20, "seed: --top default 20 programmes, got %d" % len(progs))
    roles = {r[1]: r[2].strip() for r in rows_of(page, "table-role")}
    check(roles == {"通讯员": "7", "记者": "3"}, "seed: authors by role %r" % roles)
    units = {r[1]: r[2].strip() for r in rows_of(page, "table-unit")}
    check(units.get("名") == "7" and units.get("%") == "4", "seed: figures by unit %r" % units)
    prov = page.svg_texts.get("chart-province", [])
    check("浙江省" in prov and "6" in prov, "seed: province chart texts %r" % prov[:8])
    check("Province" in prov and any(t.startswith("articles (") for t in prov),
          "seed: province chart lacks its axis titles")
    pref = page.svg_texts.get("chart-prefecture", [])
    check(pref[:6] == ["Prefecture", "Articles", "宁波市", "2", "绍兴市", "1"],
          "seed: prefecture chart starts %r" % pref[:6])

    # The same bytes every time, with any number of threads, and from -o.
    check(report(binary, [seed], "seed again") == out, "seed: two runs differ")
    two = [seed, os.path.join(source, "tests", "cli", "data", "page-u1.txt"), seed]
    one_thread = report(binary, ["-j1"] + two, "-j1")
    check(report(binary, ["-j3"] + two, "-j3") == one_thread, "-j3 differs from -j1")
    dest = os.path.join(work, "seed-report.html")
    if os.path.exists(dest):
        os.unlink(dest)
    report(binary, ["-o", dest, seed], "-o")
    with open(dest, "rb") as f:
        check(f.read() == out, "-o FILE differs from standard output")
    check(not [n for n in os.listdir(work) if n.startswith(".seed-report.html.")],
          "-o left a temporary file")
    return dest


def check_output_errors(binary, source, work):
    seed = os.path.join(source, "data", "bulletin.txt")
    missing_dir = os.path.join(work, "no-such-dir", "r.html")
    r = run([binary, "report", "-o", missing_dir, seed])
    check(r.returncode == 2 and b"cannot write" in r.stderr,
          "-o into a missing directory: exit %d, %r" % (r.returncode, r.stderr))
    # A directory in the way: the page is written, the rename fails, and
    # nothing is left beside it.
    blocker = os.path.join(work, "blocker.html")
    os.makedirs(blocker, exist_ok=True)
    r = run([binary, "report", "-o", blocker, seed])
    check(r.returncode == 2 and b"cannot write" in r.stderr,
          "-o onto a directory: exit %d, %r" % (r.returncode, r.stderr))
    check(not [n for n in os.listdir(work) if n.startswith(".blocker.html.")],
          "a failed -o left its temporary file")
    # A missing input: the report of the others, and exit 2.
    r = run([binary, "report", seed, os.path.join(work, "missing.txt")])
    check(r.returncode == 2, "a missing input: exit %d" % r.returncode)
    check(b"could not be read" in r.stdout, "a missing input is not said in the page")
    r = run([binary, "report", "--rows", "x", seed])
    check(r.returncode == 2 and b"--rows" in r.stderr, "--rows x: %r" % r.stderr)


def check_escaping(binary, work):
    """Markup in a headline and a file name is text, not markup."""
    name = os.path.join(work, "a&b<i>'x'.txt")
    headline = "工会\"书屋\"<b>建设</b>&'读'"
    with open(name, "w", encoding="utf-8") as f:
        f.write("\n" + headline + "\n\n记者张三报道 今年6月,台州市黄岩区总工会推出了培育工程,"
                "覆盖职工3000人。项目由区总工会牵头实施,成效明显。\n")
    out = report(binary, [name], "escaping").decode("utf-8")
    page = parse(out, "escaping")
    arts = rows_of(page, "article-table")
    check(arts and arts[0][0] == name and arts[0][2] == headline,
          "escaping: the row reads %r" % (arts[:1],))
    check("<b>建设" not in out and "<i>'x'" not in out, "escaping: markup went through")


def check_empty(binary, source):
    """An input without records still makes a whole page."""
    empty = os.path.join(source, "tests", "cli", "data", "empty.txt")
    text = report(binary, [empty], "empty").decode("utf-8")
    page = parse(text, "empty")
    check_common(text, page, "empty")
    check("No record names a place" in text, "empty: the places section is not empty")
    check(">0 of 0 shown<" in text and not rows_of(page, "article-table"),
          "empty: the article table is not empty")


def stats_totals(binary, files):
    r = run([binary, "stats", "-j2", "-f", "jsonl"] + files)
    totals = {}
    for line in r.stdout.decode().splitlines():
        row = json.loads(line)
        if row["table"] == "total":
            totals[row["key"]] = row["mentions"]
    return totals


def make_corpus(source, work, mb):
    """About mb MB in 40 files named by date, each the seed page and the CLI
    test pages over and over."""
    pages = [os.path.join(source, "data", "bulletin.txt")]
    cli_data = os.path.join(source, "tests", "cli", "data")
    pages += sorted(os.path.join(cli_data, n) for n in os.listdir(cli_data)
                    if n.startswith("page-") and n.endswith(".txt"))
    chunk = b""
    for p in pages:
        with open(p, "rb") as f:
            chunk += f.read().rstrip(b"\n") + b"\n\n"
    per_file = mb * 1000 * 1000 // 40
    corpus = os.path.join(work, "corpus-%dmb" % mb)
    os.makedirs(corpus, exist_ok=True)
    files = []
    for i in range(40):
        day = "2020-07-%02d" % (i + 1) if i < 31 else "2020-08-%02d" % (i - 30)
        path = os.path.join(corpus, "workers-daily-%s.txt" % day)
        files.append(path)
        if os.path.exists(path) and os.path.getsize(path) >= per_file:
            continue
        with open(path, "wb") as f:
            f.write(chunk * max(1, per_file // len(chunk)))
    return files


def check_corpus(binary, source, work, mb):
    files = make_corpus(source, work, mb)
    print("corpus: %d files, %.1f MB" % (len(files),
                                         sum(os.path.getsize(f) for f in files) / 1e6))
    out = report(binary, ["-j2"] + files, "corpus")
    text = out.decode("utf-8")
    page = parse(text, "corpus")
    check_common(text, page, "corpus")
    totals = stats_totals(binary, files)
    for label, key in (("files read", "files"), ("articles", "articles"),
                       ("fragments", "fragments"), ("characters", "characters")):
        want = '<div class="tile"><b>{:,}</b><span>{}</span></div>'.format(totals[key], label)
        check(want in text, "corpus: %s is not %s as stats says" % (label, totals[key]))
    check("from 2020-07-01 to 2020-08-09" in text, "corpus: the dates of the file names")
    arts = rows_of(page, "article-table")
    listed = min(totals["articles"], 20000)
    check(len(arts) == listed, "corpus: %d rows listed, not %d" % (len(arts), listed))
    # --rows keeps the table short and says so.
    out = report(binary, ["-j2", "--rows", "100"] + files, "--rows")
    page = parse(out.decode("utf-8"), "--rows")
    check(len(rows_of(page, "article-table")) == 100, "--rows 100 lists another number")
    check("The table lists the first 100 of the {:,} articles".format(totals["articles"])
          in out.decode("utf-8"), "--rows: the page does not say the table is cut")
    check(report(binary, ["-j1", "--rows", "100"] + files, "--rows -j1") == out,
          "corpus: -j1 differs from -j2")
    path = os.path.join(work, "corpus-report.html")
    with open(path, "wb") as f:
        f.write(out)


# ---- screenshots ------------------------------------------------------

def png_pixels(path):
    """The RGB(A) pixels of a non-interlaced 8-bit PNG: width, height,
    channels and the rows as bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    width, height, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise ValueError("PNG of depth %d, colour type %d, interlace %d" % (depth, ctype, interlace))
    ch = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * ch
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - ch] if x >= ch else 0
            b = prev[x]
            c = prev[x - ch] if x >= ch else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, ch, rows


def check_png(path, what):
    width, height, ch, rows = png_pixels(path)
    colours, ink, bar = set(), 0, 0
    for row in rows:
        for x in range(0, width * ch, ch):
            rgb = row[x:x + 3]
            colours.add(rgb)
            if rgb != b"\xff\xff\xff":
                ink += 1
            if abs(rgb[0] - 0x2f) < 8 and abs(rgb[1] - 0x6f) < 8 and abs(rgb[2] - 0xb0) < 8:
                bar += 1
    share = ink / float(width * height)
    print("%s: %dx%d, %d colours, %.1f%% ink, %d bar pixels" %
          (what, width, height, len(colours), 100 * share, bar))
    check(len(colours) >= 50, "%s: only %d colours: blank?" % (what, len(colours)))
    check(share >= 0.02, "%s: only %.2f%% of the pixels are not white" % (what, 100 * share))
    check(bar >= 2000, "%s: the bars are not drawn (%d pixels of their colour)" % (what, bar))


# Typed into the filter and clicked on headers by a script added to a copy
# of the page; what it saw is left in an attribute of <body> for --dump-dom.
PROBE = """<script>
(function(){
function shown(){var out=[];var rows=document.getElementById('article-table').tBodies[0].rows;
for(var i=0;i<rows.length;i++)if(!rows[i].hidden)out.push(rows[i].cells[1].textContent);return out;}
function firstLast(id,col){var rows=document.getElementById(id).tBodies[0].rows;
return [rows[0].cells[col].textContent,rows[rows.length-1].cells[col].textContent];}
var r={},box=document.getElementById('filter');
box.value='柯桥';box.dispatchEvent(new Event('input'));
setTimeout(function(){r.one=shown();r.oneText=document.getElementById('shown').textContent;
box.value='记者  浙江省';box.dispatchEvent(new Event('input'));
setTimeout(function(){r.two=shown();box.value='';box.dispatchEvent(new Event('input'));
setTimeout(function(){r.all=shown().length;
var th=document.querySelectorAll('#table-district thead th')[4];th.click();th.click();
r.rising=firstLast('table-district',1);
document.querySelectorAll('#table-district thead th')[0].click();
r.rank=firstLast('table-district',1);
document.body.setAttribute('data-probe',JSON.stringify(r));},50);},50);},50);
})();
</script>
"""


def check_script(browser, page, work):
    """The page's script filters the article table and sorts tables."""
    with open(page, encoding="utf-8") as f:
        text = f.read()
    probe_page = os.path.join(work, "seed-probe.html")
    with open(probe_page, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", PROBE + "</body>"))
    profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
    try:
        r = run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-default-apps", "--disable-sync", "--no-first-run",
                 "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom",
                 "file://" + os.path.abspath(probe_page)], timeout=180)
    except subprocess.TimeoutExpired:
        fail("script: chromium took more than 180 s")
        return
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    dom = r.stdout.decode("utf-8", errors="replace")
    at = dom.find("data-probe=")
    if not check(at >= 0, "script: the probe left no result (chromium exit %d)" % r.returncode):
        return
    quote = dom[at + len("data-probe=")]
    raw = dom[at + len("data-probe=") + 1:dom.index(quote, at + len("data-probe=") + 1)]
    got = json.loads(html.unescape(raw))
    print("script: " + json.dumps(got, ensure_ascii=False))
    check(got.get("one") == ["49"] and got.get("oneText") == "1 of 6 shown",
          "script: filtering by 柯桥 shows %r" % got.get("one"))
    check(got.get("two") == ["5", "113"], "script: filtering by two words shows %r" % got.get("two"))
    check(got.get("all") == 6, "script: an empty filter shows %r rows" % got.get("all"))
    check(got.get("rising") == ["江西省", "柯桥区"],
          "script: mentions rising (ties in their order) %r" % got.get("rising"))
    check(got.get("rank") == ["柯桥区", "阳明街道"], "script: back by rank %r" % got.get("rank"))


def screenshots(binary, source, work):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("SKIP: chromium is not installed (apt-get install chromium fonts-noto-cjk; "
              "make deps installs it)")
        return SKIP
    fonts = run(["fc-list", ":lang=zh"]) if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        print("note: no CJK font installed (fonts-noto-cjk): Chinese shows as boxes")
    page = os.path.join(work, "seed-report.html")
    report(binary, ["-o", page, os.path.join(source, "data", "bulletin.txt")], "seed")
    for name, size in (("desktop", "1280,2000"), ("phone", "390,2000")):
        png = os.path.join(work, "seed-%s.png" % name)
        if os.path.exists(png):
            os.unlink(png)
        profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
        try:
            r = run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-default-apps", "--disable-sync", "--no-first-run",
                     "--hide-scrollbars", "--user-data-dir=" + profile,
                     "--screenshot=" + png, "--window-size=" + size,
                     "file://" + os.path.abspath(page)], timeout=180)
        except subprocess.TimeoutExpired:
            fail("%s: chromium took more than 180 s" % name)
            continue
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        if not check(os.path.exists(png), "%s: no screenshot (chromium exit %d): %s" %
                     (name, r.returncode, r.stderr.decode(errors="replace")[-500:])):
            continue
        check_png(png, name)
        print("screenshot: " + png)
    check_script(browser, page, work)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--source", required=True, help="the project's directory")
    ap.add_argument("--work", required=True, help="where corpora and artifacts go")
    ap.add_argument("--mb", type=int, default=20, help="size of the generated corpus")
    ap.add_argument("--screenshot", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    binary = os.path.abspath(a.bin)
    if a.screenshot:
        status = screenshots(binary, a.source, a.work)
        if status == SKIP:
            return SKIP
    else:
        check_seed(binary, a.source, a.work)
        check_output_errors(binary, a.source, a.work)
        check_escaping(binary, a.work)
        check_empty(binary, a.source)
        check_corpus(binary, a.source, a.work, a.mb)
    if failures:
        print("report: %d failed" % len(failures))
        return 1
    print("report: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
