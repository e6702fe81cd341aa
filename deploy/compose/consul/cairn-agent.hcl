# Consul agents (the server and, under the mesos profile, the agent beside Mesos): keep their own node in the
# catalog and read the services registered on them.
node_prefix "" {
  policy = "write"
}
service_prefix "" {
  policy = "read"
}
