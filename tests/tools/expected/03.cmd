dig blossomflowers.example A
