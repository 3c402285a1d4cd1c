dig +short -x 198.51.100.71
