# kwic as JSON Lines, an entity by canonical name
unionnews kwic -f jsonl --entity 上城区总工会 -w 4 data/bulletin.txt
