#!/bin/sh
# check_merge.sh: the stats of a corpus equal the merge of the partial
# stats of its halves, in every way of printing them, and merging in
# stages (merge --partial) changes nothing.
#
#   check_merge.sh UNIONNEWS FILE...     (run from the top of the tree)
set -u
bin=$1
shift
n=$#
half=$(( (n + 1) / 2 ))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
first=""
second=""
for f in "$@"; do
    i=$((i + 1))
    if [ $i -le $half ]; then first="$first $f"; else second="$second $f"; fi
done
# shellcheck disable=SC2086
"$bin" stats --partial $first > "$tmp/a.jsonl" || exit 1
# shellcheck disable=SC2086
"$bin" stats --partial -j 2 $second > "$tmp/b.jsonl" || exit 1
status=0
for opts in "" "--top 0 --by county -f csv" "--top 3 --by province -f jsonl" "--by none -f tsv"; do
    # shellcheck disable=SC2086
    "$bin" stats $opts "$@" > "$tmp/whole" || exit 1
    # shellcheck disable=SC2086
    "$bin" merge $opts "$tmp/a.jsonl" "$tmp/b.jsonl" > "$tmp/merged" || exit 1
    if ! cmp -s "$tmp/whole" "$tmp/merged"; then
        echo "FAIL merge $opts differs from stats $opts"
        diff "$tmp/whole" "$tmp/merged" | head -5
        status=1
    fi
done
# In stages: the halves merged into partial counts, then merged again.
"$bin" merge --partial "$tmp/a.jsonl" > "$tmp/a2.jsonl" || exit 1
"$bin" merge "$tmp/a2.jsonl" "$tmp/b.jsonl" > "$tmp/staged" || exit 1
"$bin" stats "$@" > "$tmp/whole" || exit 1
if ! cmp -s "$tmp/whole" "$tmp/staged"; then
    echo "FAIL merging in stages differs"
    status=1
fi
[ $status -eq 0 ] && echo "merge: the stats of $n files equal the merge of their halves"
exit $status
