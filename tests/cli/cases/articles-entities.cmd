# articles carry their entities
unionnews articles -f jsonl tests/cli/data/gulou.txt
