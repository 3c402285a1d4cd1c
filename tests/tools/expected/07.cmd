dig blossomflowers.example NS
