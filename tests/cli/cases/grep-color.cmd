# colour on request; never with NO_COLOR unless asked for
unionnews grep --color always --person 方静 data/bulletin.txt && NO_COLOR=1 unionnews grep --person 方静 data/bulletin.txt
