# a closed pipe ends the program quietly: no message on stderr
unionnews articles -f jsonl data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt data/bulletin.txt | head -1 | cut -c1-60
