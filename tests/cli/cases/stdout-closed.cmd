# standard output closed: a message, exit 2
unionnews stats data/bulletin.txt >&-
