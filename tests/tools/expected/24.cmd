host -t mx blossomflowers.example
