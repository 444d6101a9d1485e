# keyword in context: terms line up by display width
unionnews kwic -w 8 工匠 data/bulletin.txt
