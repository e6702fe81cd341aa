# marathon-consul-bridge: registers and deregisters Marathon tasks as services on the agents of their hosts, reads
# the catalog to find what it owns, and keeps app labels in KV (cairn.bridge.kv.prefix, "consular" by default).
service_prefix "" {
  policy = "write"
}
node_prefix "" {
  policy = "read"
}
agent_prefix "" {
  policy = "read"
}
key_prefix "consular/" {
  policy = "write"
}
# The leader lock, when the bridge elects its leader through Consul (cairn.bridge.leader.consul-key).
key_prefix "cairn/marathon-consul-bridge/" {
  policy = "write"
}
session_prefix "" {
  policy = "write"
}
