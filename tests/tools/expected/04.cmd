dig petalmail.example AAAA
