# Prints the `records: |` block of a zone YAML file, de-indented: the master file
# BIND's tools read. Used by tests/bind/capture.sh and tests/tools/capture.sh.
/^records:[ ]*[|]/ { inblock = 1; next }
inblock && /^[^ \t]/ && NF { exit }
inblock {
  if (indent == "" && NF) { match($0, /^[ ]*/); indent = RLENGTH }
  print (length($0) > indent ? substr($0, indent + 1) : "")
}
