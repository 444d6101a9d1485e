# a download cut inside a character: its line named, the rest read
printf "黄岩区总工会举办培训\n\345" | unionnews articles -f tsv
