# a bad expression is an error naming it
unionnews grep -E -e '技能[' data/bulletin.txt
