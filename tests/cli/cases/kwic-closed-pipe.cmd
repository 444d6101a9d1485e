# a closed pipe ends kwic quietly
unionnews kwic -f jsonl 工会 data/bulletin.txt data/bulletin.txt data/bulletin.txt | head -1 | cut -c1-40
