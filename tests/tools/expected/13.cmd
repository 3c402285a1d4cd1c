dig +short blossomflowers.com MX
