dig nosuch.blossomflowers.example MX
