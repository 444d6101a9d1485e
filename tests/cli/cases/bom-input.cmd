# a BOM on input never leaks into a field
unionnews articles -f csv tests/cli/data/bom.txt
