# figures as JSON Lines: value and value_to are numbers, ranges have both
unionnews figures -f jsonl data/bulletin.txt
