# "-" is standard input too, also among files
unionnews articles -f tsv data/bulletin.txt - < data/bulletin.txt | cut -f1-3
