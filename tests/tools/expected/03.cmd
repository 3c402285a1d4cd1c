dig blossomflowers.com A
