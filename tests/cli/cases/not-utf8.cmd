# a GBK file is detected, decoded as GB18030, and said so on stderr
unionnews articles tests/cli/data/gbk.txt
