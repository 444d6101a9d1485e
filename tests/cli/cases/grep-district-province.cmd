# --district takes a province: every record about a place inside it
unionnews grep --district 浙江 data/bulletin.txt
