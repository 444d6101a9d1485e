# --province settles it
unionnews entities --province 福建 tests/cli/data/gulou.txt
