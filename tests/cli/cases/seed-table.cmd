# the seed page as a table
unionnews articles data/bulletin.txt
