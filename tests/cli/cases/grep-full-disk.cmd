# a full disk ends grep with a message and exit 2
unionnews grep --district 浙江 data/bulletin.txt data/bulletin.txt > /dev/full
