dig blossomflowers.com SOA
