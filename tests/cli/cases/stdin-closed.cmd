# standard input closed: a message, exit 2
unionnews articles <&-
