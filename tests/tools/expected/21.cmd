nslookup -type=mx blossomflowers.com
