dig +noall +answer blossomflowers.example MX
