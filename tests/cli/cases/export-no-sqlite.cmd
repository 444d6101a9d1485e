# export without --sqlite: a message and the usage, exit 2
unionnews export data/bulletin.txt
