# export into a database that cannot be made (no such folder): a message naming it, exit 2
unionnews export --sqlite /nonexistent/folder/corpus.db data/bulletin.txt
