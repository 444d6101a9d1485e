# kwic without a term is an error
unionnews kwic
