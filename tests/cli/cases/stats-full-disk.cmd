# a full disk ends stats with a message and exit 2
unionnews stats -f csv data/bulletin.txt > /dev/full
