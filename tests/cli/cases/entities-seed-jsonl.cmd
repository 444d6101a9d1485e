# as JSON Lines
unionnews entities -f jsonl data/bulletin.txt
