# CMD -h prints the same text as help CMD
unionnews articles -h
