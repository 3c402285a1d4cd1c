nslookup -type=mx blossomflowers.example
