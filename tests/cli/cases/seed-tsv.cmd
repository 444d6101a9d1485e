# the seed page as TSV
unionnews articles --format tsv data/bulletin.txt
