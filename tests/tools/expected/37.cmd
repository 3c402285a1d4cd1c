nslookup 2001:db8:5e::72
