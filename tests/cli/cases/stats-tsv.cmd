# stats as TSV, rolled up to counties, every row
unionnews stats -f tsv --top 0 --by county data/bulletin.txt
