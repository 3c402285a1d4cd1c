host -t mx riverside-cycles.example.org
