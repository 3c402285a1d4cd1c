dig petalmail.com AAAA
