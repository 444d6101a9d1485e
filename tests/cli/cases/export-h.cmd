# export: its options
unionnews export -h
