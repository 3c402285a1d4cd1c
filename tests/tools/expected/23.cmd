nslookup -q=mx nosuch.blossomflowers.example
