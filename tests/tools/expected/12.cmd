dig tidewater-logistics.example.net MX
