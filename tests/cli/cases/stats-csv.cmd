# stats as one tidy table: table,key,code,mentions,articles
unionnews stats -f csv --top 3 data/bulletin.txt
