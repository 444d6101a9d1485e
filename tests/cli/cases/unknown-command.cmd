# an unknown command
unionnews frobnicate
