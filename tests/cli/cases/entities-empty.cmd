# no input, no rows, no header
unionnews entities < /dev/null
