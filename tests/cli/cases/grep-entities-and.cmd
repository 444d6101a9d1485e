# every condition must hold: a company and a text
unionnews grep --company 天雁 -e 自动打包机 data/bulletin.txt
