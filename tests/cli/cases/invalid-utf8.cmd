# invalid bytes: replaced, reported per line, exit 2
unionnews articles -f jsonl tests/cli/data/invalid-utf8.txt
