# figures read from standard input: multipliers, qualifiers, a range, a date that is none
printf '职工之家建设有新进展\n\n本报讯 记者王明报道 2020年,全区技能人才达到21.5045万人,投入1.2亿元,覆盖率80%%以上,每组3至5人。\n' | unionnews figures -f tsv -
