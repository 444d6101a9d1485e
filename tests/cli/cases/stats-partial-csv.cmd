# --partial writes JSON Lines only
unionnews stats --partial -f csv data/bulletin.txt
