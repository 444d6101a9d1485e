# a line over --max-line-bytes: file and line named, nothing written, exit 2
printf "%s\n%04000d\n" 黄岩区总工会 0 | unionnews articles -f jsonl --max-line-bytes 1024
