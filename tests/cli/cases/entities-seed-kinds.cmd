# unions (区总工会 and 集团工会 resolved), programmes, companies and people of
# the seed page, as TSV
unionnews entities --type union,programme,company,person --format tsv data/bulletin.txt
