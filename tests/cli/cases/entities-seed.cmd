# the entity mentions of the seed page (districts, unions, programmes,
# companies, people), as a table
unionnews entities data/bulletin.txt
