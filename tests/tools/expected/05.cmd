dig mail.petalmail.com AAAA
