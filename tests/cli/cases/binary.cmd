# a binary file (NUL bytes in the first block): skipped with a message, exit 2
printf "PK\003\004\000\000binary" | unionnews articles
