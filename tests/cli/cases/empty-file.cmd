# an empty file: no records, a header in CSV, exit 0
unionnews articles -f csv tests/cli/data/empty.txt
