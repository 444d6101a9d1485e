# an unknown level is an error
unionnews stats --by town data/bulletin.txt
