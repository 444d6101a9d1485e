# --bom and --no-header
unionnews articles --format csv --bom --no-header data/bulletin.txt | head -c 40 | od -c | head -2
