# an unknown type is an error
unionnews entities --type planet data/bulletin.txt
