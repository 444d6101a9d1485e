# stats as JSON, rolled up to provinces
unionnews stats -f json --top 2 --by province data/bulletin.txt
