dig nosuch.blossomflowers.com MX
