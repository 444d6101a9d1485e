# --entity: 黄岩 finds 黄岩区 and 台州黄岩 too
unionnews kwic --entity 黄岩 -w 6 data/bulletin.txt
