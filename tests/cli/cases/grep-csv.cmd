# --format csv prints the whole records that match, as articles does
unionnews grep -f csv --district 象山县 data/bulletin.txt
