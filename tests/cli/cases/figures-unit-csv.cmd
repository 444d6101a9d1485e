# --unit picks figures by unit; CSV with the value as a bare number
unionnews figures --unit 人,名,% -f csv data/bulletin.txt
