# the partial counts of the seed page: every count, every level, after a marker row
unionnews stats --partial data/bulletin.txt
