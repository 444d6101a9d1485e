# the figures of the seed page, as a table
unionnews figures data/bulletin.txt
