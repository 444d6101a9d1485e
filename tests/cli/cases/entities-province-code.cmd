# --province takes a code
unionnews entities --province 320000 -f csv tests/cli/data/gulou.txt
