# with a district too: the record that names it and holds the text (spaced)
unionnews grep --district 黄岩 -e '一线职工 踊跃' tests/cli/data/spaced.txt
