dig blossomflowers.example SOA
