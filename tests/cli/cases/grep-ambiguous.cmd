# a district name that fits several places is an error
unionnews grep --district 鼓楼 data/bulletin.txt
