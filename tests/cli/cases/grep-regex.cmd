# -E: a POSIX extended regular expression on the text, with -e given twice (any)
unionnews grep -E -e '技能.{2}培养' -e '^没有舞台' data/bulletin.txt
