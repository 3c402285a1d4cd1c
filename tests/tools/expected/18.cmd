dig riverside-cycles.example.org MX
