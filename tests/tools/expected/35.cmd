dig 8.b.d.0.1.0.0.2.ip6.arpa NS
