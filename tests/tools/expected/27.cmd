host -t mx tidewater-logistics.example.net
