# the seed page as CSV
unionnews articles --format csv data/bulletin.txt
