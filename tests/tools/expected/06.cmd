dig blossomflowers.example TXT
