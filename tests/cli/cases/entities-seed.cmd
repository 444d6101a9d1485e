# district mentions of the seed page, as a table
unionnews entities data/bulletin.txt
