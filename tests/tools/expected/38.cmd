nslookup 203.0.113.99
