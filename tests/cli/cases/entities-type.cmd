# --type picks types
unionnews entities --type district -f tsv data/bulletin.txt | head -3
