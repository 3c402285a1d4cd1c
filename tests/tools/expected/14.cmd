dig +norec blossomflowers.com MX
