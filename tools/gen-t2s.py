#!/usr/bin/env python3
"""gen-t2s.py: writes the traditional-to-simplified character table of
data/t2s.tsv with OpenCC (the opencc command, Debian package opencc).

    gen-t2s.py OUT.tsv

Every CJK ideograph (U+3400-U+9FFF, U+F900-U+FAFF) is converted alone with
OpenCC's t2s profile; the ones that change are written as "traditional TAB
simplified". Character by character is what the matcher needs: it folds a
traditional character onto its simplified one while it reads.
"""
import subprocess
import sys

chars = [chr(c) for c in list(range(0x3400, 0xA000)) + list(range(0xF900, 0xFB00))]
out = subprocess.run(["opencc", "-c", "t2s.json"], input="\n".join(chars).encode(),
                     capture_output=True, check=True).stdout.decode().split("\n")
if len(out) < len(chars):
    sys.exit("gen-t2s: opencc returned fewer lines than it was given")
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("# Traditional characters and their simplified form, one a line, as OpenCC's\n"
            "# t2s profile converts each alone; written by tools/gen-t2s.py. See data/README.md.\n")
    n = 0
    for t, s in zip(chars, out):
        if s != t and len(s) == 1:
            f.write(f"{t}\t{s}\n")
            n += 1
print(f"gen-t2s: {n} characters", file=sys.stderr)
