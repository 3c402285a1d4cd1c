dig MX blossomflowers.com
