#!/bin/sh
# check_man.sh: every option that `unionnews CMD -h` lists is documented in
# docs/unionnews.1. Fails naming the missing options.
bin=$1
man=$2
status=0
# The commands: the lines under "commands:" in `unionnews help`.
cmds=$("$bin" help | sed -n '/^commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "no commands in unionnews help"; exit 1; }
for cmd in $cmds; do
    for opt in $("$bin" help "$cmd" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        # In roff the dashes are escaped: --no-header is \-\-no\-header.
        pat=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
        if ! grep -q -- "$pat" "$man"; then
            echo "docs/unionnews.1 lacks $cmd $opt"
            status=1
        fi
    done
    if ! grep -q "^\.B $cmd\$" "$man"; then
        echo "docs/unionnews.1 lacks the command $cmd"
        status=1
    fi
done
[ $status -eq 0 ] && echo "man page: every command and option of -h is documented"
exit $status
