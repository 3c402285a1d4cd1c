dig 113.0.203.in-addr.arpa SOA
