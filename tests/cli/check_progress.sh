#!/bin/sh
# check_progress.sh UNIONNEWS: the progress line. On a terminal (script(1)
# gives the command one) a run shows it and clears it before any other
# message; with stderr a pipe, or with -q, nothing of it is written.
# UNIONNEWS_PROGRESS_AFTER=0 shows it at once instead of after a second.
set -u
bin=$1
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v script >/dev/null || { echo "SKIP: script(1) is missing"; exit 77; }
files=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do files="$files data/bulletin.txt"; done
export UNIONNEWS_PROGRESS_AFTER=0

# A terminal: the line, with files done of all, MB and rate, then cleared.
for cmd in "stats -j 1" "articles -f jsonl -j 2" "grep --district 黄岩 -j 1" "entities -j 1" \
           "figures -j 2" "report -j 1" "export --sqlite $tmp/p.db"; do
    script -qec "$bin $cmd $files >/dev/null" /dev/null >"$tmp/tty" </dev/null ||
        fail "$cmd on a terminal: exit $?"
    grep -q "files, .* MB/s" "$tmp/tty" || fail "$cmd: no progress line on a terminal"
    grep -q "12/12 files\|/12 files" "$tmp/tty" || fail "$cmd: no count of files"
    # the line is cleared after it was last drawn (before any summary)
    python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
sys.exit(0 if d.rfind(b"\r\x1b[K") > d.rfind(b"MB/s") else 1)' "$tmp/tty" ||
        fail "$cmd: the line is not cleared at the end"
done

# A message (a missing file) comes on a cleared line.
script -qec "$bin stats -j 1 $files missing.txt $files >/dev/null" /dev/null >"$tmp/tty" </dev/null
grep -q "cannot open 'missing.txt'" "$tmp/tty" || fail "no message for the missing file"
python3 - "$tmp/tty" <<'PY' || fail "a message was written over the progress line"
import sys
data = open(sys.argv[1], 'rb').read()
at = data.index(b"unionnews: cannot open 'missing.txt'")
before = data[:at]
# since the last progress text, the line was cleared
last = before.rfind(b'MB/s')
assert last < 0 or before.rfind(b'\r\x1b[K') > last, before[-120:]
PY

# stderr a pipe: nothing of the line.
"$bin" stats -j 1 $files 2>"$tmp/err" >/dev/null || fail "stats: exit $?"
[ ! -s "$tmp/err" ] || fail "progress written to a pipe: $(head -c 200 "$tmp/err")"

# -q on a terminal: nothing either.
script -qec "$bin stats -q -j 1 $files >/dev/null" /dev/null >"$tmp/tty" </dev/null
! grep -q "MB/s" "$tmp/tty" || fail "progress shown with -q"
echo "progress: ok"
