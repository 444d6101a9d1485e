# as CSV
unionnews entities -f csv data/bulletin.txt
