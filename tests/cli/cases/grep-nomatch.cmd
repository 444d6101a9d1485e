# nothing matched: exit 1 and no output
unionnews grep --district 北京 data/bulletin.txt
