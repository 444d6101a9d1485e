# an unreadable file (reading /proc/self/mem at offset 0 fails with EIO): a message, exit 2
unionnews articles /proc/self/mem
