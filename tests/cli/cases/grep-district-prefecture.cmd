# --district takes a prefecture by short form: records about 黄岩区 (in 台州) match
unionnews grep --district 台州 data/bulletin.txt
