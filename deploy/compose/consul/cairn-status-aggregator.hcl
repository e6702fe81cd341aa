# status-aggregator: turns the health of Consul services into checks; it reads and never writes.
service_prefix "" {
  policy = "read"
}
node_prefix "" {
  policy = "read"
}
