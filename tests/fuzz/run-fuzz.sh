#!/bin/sh
# run-fuzz.sh BUILD SECONDS [TARGET...]: fuzzes each target (default: all)
# for SECONDS, starting from a copy of its saved corpus. A failing input is
# kept in BUILD/fuzz-artifacts/ and shown; the exit status is then 1.
# FUZZ_SEED (default 1) seeds libFuzzer, so that a CI run can be repeated;
# FUZZ_SEED=0 takes a new seed each run.
set -u
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- reader decoder indexer figures gazetteer look
mkdir -p "$build/fuzz-artifacts"
status=0
for t in "$@"; do
    work=$(mktemp -d)
    cp "$here/corpus/$t/"* "$work/"
    if "$build/tests/fuzz_$t" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" \
        -max_len=16384 -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$t-" "$work" >"$build/fuzz-artifacts/$t.log" 2>&1
    then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-artifacts/$t.log")
        echo "fuzz_$t: ${seconds}s, $runs inputs, no failure"
    else
        echo "fuzz_$t: FAILED (log: $build/fuzz-artifacts/$t.log)"
        grep -E "runtime error|ERROR|fuzz:|SUMMARY|artifact" "$build/fuzz-artifacts/$t.log" | head -20
        status=1
    fi
    rm -rf "$work"
done
exit $status
