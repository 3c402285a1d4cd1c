dig mail.oakridge-law.example.com A
