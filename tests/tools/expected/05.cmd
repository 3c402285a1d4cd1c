dig mail.petalmail.example AAAA
