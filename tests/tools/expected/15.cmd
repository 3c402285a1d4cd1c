dig +noall +answer blossomflowers.com MX
