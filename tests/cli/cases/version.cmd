# the version
unionnews --version
