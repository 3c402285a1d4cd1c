dig blossomflowers.com NS
