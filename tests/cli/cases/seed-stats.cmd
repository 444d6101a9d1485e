# stats on the seed page
unionnews stats data/bulletin.txt
