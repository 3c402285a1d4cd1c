dig blossomflowers.com MX
