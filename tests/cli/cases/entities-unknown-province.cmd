# a province the gazetteer does not know
unionnews entities --province 火星 tests/cli/data/gulou.txt
