# stats as JSON Lines without a roll-up
unionnews stats -f jsonl --top 1 --by none data/bulletin.txt
