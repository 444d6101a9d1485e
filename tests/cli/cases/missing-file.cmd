# a missing file: message naming it, exit 2
unionnews articles x
