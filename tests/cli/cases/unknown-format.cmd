# an unknown format
unionnews articles --format xml data/bulletin.txt
