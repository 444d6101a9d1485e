# grep without a condition is an error
unionnews grep data/bulletin.txt
