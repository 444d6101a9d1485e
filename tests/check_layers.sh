#!/bin/sh
# check_layers.sh: the CLI includes only public headers (unionnews.h,
# unionnews/*.h) and its own cli.h; the library includes nothing of the CLI.
# Fails, naming the offending line, when a file crosses the line.
top=${1:-.}
status=0
bad=$(grep -n '#include "' "$top"/src/cli/*.c "$top"/src/cli/*.h |
      grep -v '#include "unionnews.h"' | grep -v '#include "unionnews/' |
      grep -v '#include "cli.h"')
if [ -n "$bad" ]; then
    echo "CLI includes a private header:"; echo "$bad"; status=1
fi
bad=$(grep -n '#include "cli' "$top"/src/lib/*.c "$top"/src/lib/*.h)
if [ -n "$bad" ]; then
    echo "library includes the CLI:"; echo "$bad"; status=1
fi
[ $status -eq 0 ] && echo "layers: ok ($(ls "$top"/src/cli/*.[ch] "$top"/src/lib/*.[ch] | wc -l) files)"
exit $status
