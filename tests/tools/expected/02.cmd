dig MX blossomflowers.example
