# a line that is no row of partial counts: file and line named, exit 2
printf '{"table":"partial","key":"1","code":null,"mentions":0,"articles":null}\n{"table":"total"\n' | unionnews merge
