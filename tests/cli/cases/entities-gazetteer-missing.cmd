# --gazetteer with a missing file
unionnews entities --gazetteer nowhere.tsv tests/cli/data/donghu.txt
