host -t mx nosuch.blossomflowers.example
