dig blossomflowers.com TXT
