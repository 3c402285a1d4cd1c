dig blossomflowers.com AAAA
