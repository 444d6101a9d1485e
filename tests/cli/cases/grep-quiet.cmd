# -q prints nothing; the status says whether a record matched
unionnews grep -q --person 赵莲红 data/bulletin.txt
