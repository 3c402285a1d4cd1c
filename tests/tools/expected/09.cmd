dig www.blossomflowers.example A
