host -t mx nosuch.blossomflowers.com
