host -t mx blossomflowers.com
