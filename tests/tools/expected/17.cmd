dig quietmeadow.example.org MX
