# empty input: no records, a header in CSV
unionnews articles -f csv < /dev/null
