# kwic as CSV
unionnews kwic -w 5 -f csv 先锋领队 data/bulletin.txt
