# -e is literal by default: . is a dot, not any character
unionnews grep -e '技能.才' data/bulletin.txt
