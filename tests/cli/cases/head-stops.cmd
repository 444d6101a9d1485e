# output into head -1 stops at once: the missing file after 3000 pages is never reached, nothing on stderr
unionnews articles -f jsonl -j 1 $(yes data/bulletin.txt | head -3000) missing.txt | head -1 | cut -c1-40
