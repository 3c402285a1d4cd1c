nslookup -query=MX riverside-cycles.example.org
