# --format jsonl prints the whole records that match
unionnews grep -f jsonl --programme 文艺轻骑兵 data/bulletin.txt
