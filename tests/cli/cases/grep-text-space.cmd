# an -e text with a space matches where it stands with the space, in a file
# as on standard input (the first look leaves spaces out of both)
unionnews grep -e '黄岩 区' -e '一线职工 踊跃' tests/cli/data/spaced.txt
