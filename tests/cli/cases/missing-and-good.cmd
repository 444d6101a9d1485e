# a missing file does not stop the others, and its error decides the status
(unionnews articles -f jsonl x data/bulletin.txt; echo "exit $?" >&2) | wc -l
