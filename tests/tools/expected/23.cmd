nslookup -q=mx nosuch.blossomflowers.com
