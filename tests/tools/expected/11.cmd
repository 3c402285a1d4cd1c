dig blossomflowers.example AAAA
