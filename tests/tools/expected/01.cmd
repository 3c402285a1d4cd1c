dig blossomflowers.example MX
