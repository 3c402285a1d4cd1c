dig www.blossomflowers.com A
