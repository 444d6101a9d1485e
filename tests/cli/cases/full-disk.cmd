# a full disk: a message and exit 2
unionnews articles -f jsonl data/bulletin.txt > /dev/full
