# export reads files, not standard input
unionnews export --sqlite /nonexistent/corpus.db - < data/bulletin.txt
