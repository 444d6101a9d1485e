#!/usr/bin/env python3
"""run.py: the benchmark of unionnews against the tools it is compared with.

    bench/run.py [--corpus DIR] [--runs N] [--build DIR] [--markdown]

Builds a Release binary (cmake, into build-bench/ unless --build names one),
generates the corpus with ../shared/bench/gen-corpus --mb 200 --files 400
--seed 1 unless --corpus names a directory of .txt files, and times, on the
same files and with the page cache warm:

    unionnews stats -j 1, unionnews articles --format jsonl -j 1,
    unionnews grep --district 黄岩 -j 1, and the same three with -j 2;
    the references cat, wc -l, rg -c 黄岩 and rg -j1 -c -F -f names.txt
    (every place name of the gazetteer, data/places.tsv, as a fixed string);
    and start-up: unionnews stats on an empty file.

Every command writes into a pipe (| wc -c), never to /dev/null. Each is run
--runs times (default 3), all the commands in turn in each round; the
median time is reported, with MB/s, the ratio to rg -F -f names.txt and to
cat, and peak memory (/usr/bin/time -v).
Needs python3, cmake, ripgrep and GNU time (the Debian packages ripgrep and
time; it installs them when they are missing and it runs as root).
"""
import argparse
import glob
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(TOP, "..", "shared", "bench", "gen-corpus")


def need(tool, package):
    if shutil.which(tool):
        return
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", package], check=True,
                       stdout=subprocess.DEVNULL)
    if not shutil.which(tool):
        sys.exit(f"run.py: needs {tool} (Debian package {package})")


def build(dirname):
    subprocess.run(["cmake", "-S", TOP, "-B", dirname, "-DCMAKE_BUILD_TYPE=Release",
                    "-DUN_TESTS=OFF"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", dirname, "-j", str(os.cpu_count() or 2),
                    "--target", "unionnews"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(dirname, "unionnews")


def names_file(path):
    names = set()
    with open(os.path.join(TOP, "data", "places.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("code\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1 and parts[1]:
                names.add(parts[1])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(names)) + "\n")
    return len(names)


def timed_once(cmd, files):
    """Seconds and peak RSS (KB) of one run of `cmd FILES | wc -c`."""
    rss = 0
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        shell = ("/usr/bin/time -v -o %s %s %s | wc -c > /dev/null"
                 % (tf.name, cmd, " ".join(files)))
        t0 = time.perf_counter()
        subprocess.run(["sh", "-c", shell], check=False)
        t = time.perf_counter() - t0
        tf.seek(0)
        for line in tf.read().splitlines():
            if "Maximum resident set size" in line:
                rss = max(rss, int(line.split(":")[1]))
    return t, rss


def timed(rows, files, runs):
    """Median seconds and peak RSS (KB) of each command of rows, run in
    turn runs times over (so that the machine's drift from minute to minute
    falls on all of them alike, and on the ratios least)."""
    times = {label: [] for label, _ in rows}
    rss = {label: 0 for label, _ in rows}
    for _ in range(runs):
        for label, cmd in rows:
            t, r = timed_once(cmd, files)
            times[label].append(t)
            rss[label] = max(rss[label], r)
    return {label: (statistics.median(times[label]), rss[label]) for label, _ in rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build", default=os.path.join(TOP, "build-bench"))
    ap.add_argument("--markdown", action="store_true", help="print a table for RESULTS.md")
    a = ap.parse_args()
    need("rg", "ripgrep")
    need("/usr/bin/time", "time")
    binary = build(a.build)
    corpus = a.corpus
    if not corpus:
        corpus = os.path.join(a.build, "corpus-200")
        if not glob.glob(os.path.join(corpus, "*.txt")):
            subprocess.run([sys.executable, GEN, "--mb", "200", "--files", "400", "--seed", "1",
                            corpus], check=True, stdout=subprocess.DEVNULL)
    files = sorted(glob.glob(os.path.join(corpus, "*.txt")))
    if not files:
        sys.exit(f"run.py: no .txt files in {corpus}")
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    names = os.path.join(a.build, "names.txt")
    nnames = names_file(names)
    empty = os.path.join(a.build, "empty.txt")
    open(empty, "w").close()
    # Warm the page cache.
    subprocess.run(["sh", "-c", "cat %s > /dev/null" % " ".join(files)])

    rows = [
        ("cat", "cat"),
        ("wc -l", "wc -l"),
        ("rg -c 黄岩", "rg -j1 -c 黄岩"),
        ("rg -j1 -c -F -f names.txt", "rg -j1 -c -F -f %s" % names),
        ("unionnews stats -j 1", "%s stats -j 1" % binary),
        ("unionnews articles -f jsonl -j 1", "%s articles -f jsonl -j 1" % binary),
        ("unionnews grep --district 黄岩 -j 1", "%s grep --district 黄岩 -j 1" % binary),
        ("unionnews stats -j 2", "%s stats -j 2" % binary),
        ("unionnews articles -f jsonl -j 2", "%s articles -f jsonl -j 2" % binary),
        ("unionnews grep --district 黄岩 -j 2", "%s grep --district 黄岩 -j 2" % binary),
    ]
    results = timed(rows, files, a.runs)
    # Start-up: the binary alone, output into a pipe.
    starts = []
    for _ in range(21):
        t0 = time.perf_counter()
        subprocess.run([binary, "stats", empty], stdout=subprocess.PIPE, check=False)
        starts.append(time.perf_counter() - t0)
    start = statistics.median(starts)
    start_rss = timed_once("%s stats" % binary, [empty])[1]

    ref_names = results["rg -j1 -c -F -f names.txt"][0]
    ref_cat = results["cat"][0]
    head = "| command | median s | MB/s | time / rg -F -f names | time / cat | peak RSS MB |"
    print(f"corpus: {len(files)} files, {mb:.1f} MB ({corpus}); names.txt: {nnames} names")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.platform()}; runs: {a.runs} (median)")
    if a.markdown:
        print()
        print(head)
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, (t, rss) in results.items():
        cells = (label, f"{t:.3f}", f"{mb / t:.0f}", f"{t / ref_names:.2f}", f"{t / ref_cat:.1f}",
                 f"{rss / 1024:.1f}")
        if a.markdown:
            print("| " + " | ".join(cells) + " |")
        else:
            print("%-38s %8s s %7s MB/s  x%5s rg-F  x%6s cat  %6s MB" % cells)
    print(f"start-up (stats on an empty file): {start * 1000:.1f} ms, peak RSS "
          f"{start_rss / 1024:.1f} MB")
    s1 = results["unionnews stats -j 1"][0]
    s2 = results["unionnews stats -j 2"][0]
    a1 = results["unionnews articles -f jsonl -j 1"][0]
    a2 = results["unionnews articles -f jsonl -j 2"][0]
    g1 = results["unionnews grep --district 黄岩 -j 1"][0]
    g2 = results["unionnews grep --district 黄岩 -j 2"][0]
    print(f"2 threads: stats {s1 / s2:.2f}x, articles {a1 / a2:.2f}x, grep {g1 / g2:.2f}x "
          "faster than 1")


if __name__ == "__main__":
    main()
