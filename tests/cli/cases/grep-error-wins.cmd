# an error wins over a match: exit 2, the matches are still printed
unionnews grep -l --union 舜宇 missing.txt data/bulletin.txt
