# --district takes a code; -c counts per file, a file without a match counts 0
unionnews grep -c --district 331003 data/bulletin.txt tests/cli/data/donghu.txt
