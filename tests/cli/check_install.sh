#!/bin/sh
# check_install.sh CMAKE BUILD_DIR [CC [CFLAGS]]: cmake --install into a temporary prefix
# puts the binary, the library, the public headers, unionnews.pc, the man
# page and the bash completion in their places; the installed binary runs;
# pkg-config gives flags that build and link a program on the library; the
# completion, loaded in a bash subshell, completes `unionnews gr` to grep.
set -u
cmake=$1 build=$2 cc=${3:-cc} cflags=${4:-}
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
p=$tmp/prefix
"$cmake" --install "$build" --prefix "$p" >/dev/null || fail "cmake --install"
for f in bin/unionnews include/unionnews.h include/unionnews/reader.h share/man/man1/unionnews.1 \
         share/bash-completion/completions/unionnews; do
    [ -f "$p/$f" ] || fail "$f not installed"
done
lib=$(find "$p" -name libunionnews.a | head -1)
[ -n "$lib" ] || fail "libunionnews.a not installed"
pc=$(find "$p" -name unionnews.pc | head -1)
[ -n "$pc" ] || fail "unionnews.pc not installed"

# The installed binary.
"$p/bin/unionnews" --version | grep -q "^unionnews " || fail "--version"
"$p/bin/unionnews" --version | grep -q "gazetteer" || fail "--version names no gazetteer"
"$p/bin/unionnews" stats data/bulletin.txt | grep -q "黄岩" || fail "installed stats"

# pkg-config, and a program built with what it says.
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs unionnews) || fail "pkg-config --cflags --libs unionnews"
echo "$flags" | grep -q -- "-I$p\|-I.*prefix.*include" || fail "pkg-config: no include dir: $flags"
cat >"$tmp/count.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <unionnews.h>

/* Counts the records of a page given on standard input. */
int main(void)
{
    char buf[1 << 16];
    un_reader *r = un_reader_new(NULL);
    un_reader_begin(r, "-", 1);
    size_t n, records = 0;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        un_reader_feed(r, buf, n);
        while (un_reader_next(r))
            records++;
    }
    un_reader_finish(r);
    while (un_reader_next(r))
        records++;
    un_reader_free(r);
    printf("%zu\n", records);
    return 0;
}
C
$cc $cflags -o "$tmp/count" "$tmp/count.c" $flags || fail "cannot build against the library: $flags"
want=$("$p/bin/unionnews" articles -f jsonl data/bulletin.txt | wc -l)
got=$("$tmp/count" <data/bulletin.txt)
[ "$got" -eq "$want" ] || fail "a program on the library found $got records, unionnews $want"

# The completion, in a bash subshell.
complete_line() {
    PATH="$p/bin:$PATH" bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _unionnews
        printf "%s\n" "${COMPREPLY[@]}"' sh "$p/share/bash-completion/completions/unionnews" "$@"
}
[ "$(complete_line unionnews gr)" = "grep" ] || fail "unionnews gr completes to '$(complete_line unionnews gr)'"
complete_line unionnews stats --fo | grep -qx -- "--format" || fail "no --format for stats"
complete_line unionnews articles --format j | grep -qx "jsonl" || fail "no jsonl for --format"
complete_line unionnews grep --district 黄岩 | grep -qx "黄岩区" || fail "no 黄岩区 for --district"
echo "install: ok ($flags)"
