#!/bin/sh
# check_encodings.sh: the seed page in other encodings (made here with
# iconv, and with OpenCC for the traditional script Big5 needs) gives
# exactly the records of the UTF-8 page; and what cannot be read is said.
#
#   check_encodings.sh UNIONNEWS    (from the top of the tree)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
fail() {
    echo "FAIL $*"
    status=1
}
# The records without the file name, which differs.
records() {
    "$bin" articles -f jsonl "$@" 2>"$tmp/err" | sed 's/"file":"[^"]*",//'
}

page=data/bulletin.txt
records "$page" > "$tmp/want"
[ -s "$tmp/want" ] || fail "no records of $page"
for enc in GB18030 UTF-16LE UTF-16BE UTF-16 UTF-32; do
    iconv -f UTF-8 -t "$enc" "$page" > "$tmp/page.$enc" || { fail "iconv $enc"; continue; }
    records "$tmp/page.$enc" > "$tmp/got"
    cmp -s "$tmp/want" "$tmp/got" || fail "$enc: records differ from the UTF-8 page"
    grep -q "decoded as" "$tmp/err" || fail "$enc: no note of the encoding on stderr"
done
# grep's first look at the raw bytes seeks UTF-8 names: it must not rule
# out a page in another encoding (it did: GB18030 pages never matched).
"$bin" grep -q --district 黄岩 "$page" || fail "grep --district 黄岩: no match in the UTF-8 page"
for enc in GB18030 UTF-16; do
    "$bin" grep -c --district 黄岩 "$page" > "$tmp/want-c"
    "$bin" grep -c --district 黄岩 "$tmp/page.$enc" 2>/dev/null | sed 's/^[^:]*://' > "$tmp/got-c"
    sed 's/^[^:]*://' "$tmp/want-c" | cmp -s - "$tmp/got-c" ||
        fail "$enc: grep --district counts differ from the UTF-8 page"
    "$bin" grep -q -j 2 --district 黄岩 "$tmp/page.$enc" "$tmp/page.$enc" 2>/dev/null ||
        fail "$enc: grep -j 2 --district found nothing"
done
"$bin" grep -q --encoding GB18030 --district 黄岩 "$tmp/page.GB18030" ||
    fail "grep --encoding GB18030 --district found nothing"
# Forced, and quiet.
records --encoding GB18030 "$tmp/page.GB18030" > "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "--encoding GB18030: records differ"
records -q "$tmp/page.GB18030" > "$tmp/got"
[ -s "$tmp/err" ] && fail "-q still notes the encoding"

# Big5 holds traditional characters: the page in Taiwan's script, as UTF-8
# and as Big5, gives the same records.
if command -v opencc > /dev/null; then
    opencc -c s2tw.json -i "$page" -o "$tmp/tw.txt"
    iconv -f UTF-8 -t BIG5 "$tmp/tw.txt" > "$tmp/tw.big5" || fail "iconv BIG5"
    records "$tmp/tw.txt" > "$tmp/want-tw"
    records "$tmp/tw.big5" > "$tmp/got"
    cmp -s "$tmp/want-tw" "$tmp/got" || fail "Big5: records differ from the UTF-8 page"
    grep -q "decoded as BIG5" "$tmp/err" || fail "Big5: no note of the encoding"
    "$bin" grep -q --district 黄岩 "$tmp/tw.big5" 2>/dev/null ||
        fail "Big5: grep --district 黄岩 found nothing"
else
    fail "opencc is missing (Debian package opencc)"
fi

# Mixed: a UTF-8 page with 25 lines of GBK bytes: 20 lines named, then a count.
{
    head -20 "$page"
    i=0
    while [ $i -lt 25 ]; do
        printf '\n' ; printf '工会送温暖\n' | iconv -f UTF-8 -t GBK
        i=$((i + 1))
    done
} > "$tmp/mixed.txt"
"$bin" articles "$tmp/mixed.txt" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "mixed: exit $rc, want 2"
[ "$(grep -c ': invalid bytes$' "$tmp/err")" -eq 20 ] || fail "mixed: not 20 lines named"
grep -q "5 more lines with invalid bytes" "$tmp/err" || fail "mixed: no count of the rest"

# Binary: skipped with a message, status 2; read with --binary text.
printf '工会\0\0\1\2binary\0' > "$tmp/bin.dat"
"$bin" articles "$tmp/bin.dat" "$page" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "binary: exit $rc, want 2"
grep -q "a binary file" "$tmp/err" || fail "binary: no message"
grep -q "创新实践产改" "$tmp/out" || fail "binary: the next file was not read"
"$bin" articles --binary text "$tmp/bin.dat" > /dev/null 2> "$tmp/err" ||
    fail "--binary text: exit $?"

# Bytes no encoding explains: asked for, not guessed.
printf '\351\202\223\341\200\200\377\376\375\374\373\372\371\370\367\366\365\364\363\362\361' > "$tmp/junk.txt"
printf '\230\227\226\225\224\223\222\221\220\217\216\215\214\213\212\211\210\207\206\205' >> "$tmp/junk.txt"
"$bin" articles "$tmp/junk.txt" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "junk: exit $rc, want 2"
grep -q "cannot tell the encoding" "$tmp/err" || fail "junk: no question about the encoding"
# An encoding iconv does not know.
"$bin" articles --encoding NOSUCH-8 "$page" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "unknown encoding" "$tmp/err" || fail "--encoding NOSUCH-8"

[ $status -eq 0 ] && echo "encodings: GB18030, UTF-16, UTF-32 and Big5 pages read as UTF-8; bad input said"
exit $status
