# the command list
unionnews help
