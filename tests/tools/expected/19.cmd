dig -t mx cedarpoint.example.com
