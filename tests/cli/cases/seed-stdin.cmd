# standard input without a file: the records name it "-"
unionnews articles -f jsonl < data/bulletin.txt
