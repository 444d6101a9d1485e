# the seed page as JSON Lines
unionnews articles --format jsonl data/bulletin.txt
