# a directory is an error
unionnews articles tests
