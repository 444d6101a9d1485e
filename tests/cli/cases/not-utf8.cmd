# a file that is mostly not UTF-8 is rejected
unionnews articles tests/cli/data/gbk.txt
