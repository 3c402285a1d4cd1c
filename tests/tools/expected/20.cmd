dig +tcp lanternworks.example.com MX
