dig +norec blossomflowers.example MX
