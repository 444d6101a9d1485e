# the seed page as JSON
unionnews articles --format json data/bulletin.txt
