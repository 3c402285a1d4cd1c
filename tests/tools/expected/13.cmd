dig +short blossomflowers.example MX
