# merge refuses the counts of stats alone (cut to the top rows)
unionnews stats -f jsonl data/bulletin.txt | unionnews merge
