# a same-name place that nothing settles: ambiguous, with its candidates
unionnews entities tests/cli/data/gulou.txt
