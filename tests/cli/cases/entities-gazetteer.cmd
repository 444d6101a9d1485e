# --gazetteer loads another list of places
unionnews entities --gazetteer tests/cli/data/mini-places.tsv tests/cli/data/donghu.txt
