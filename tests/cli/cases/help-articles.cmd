# help CMD prints the command's usage
unionnews help articles
