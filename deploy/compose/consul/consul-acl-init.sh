#!/bin/sh
# Run by the consul-acl-init job of docker-compose.yml, with the management token: creates Cairn's ACL policies
# (from the .hcl files beside this script) and the tokens whose secrets .env holds. A token that exists is left as
# it is, so restarts change nothing; a new secret in .env (a rotation) creates a new token (docs/deploy.md).
set -eu
dir=$(dirname "$0")

policy() {
	name=$1
	description=$2
	if consul acl policy read -name "$name" >/dev/null 2>&1; then
		consul acl policy update -name "$name" -description "$description" -rules "@$dir/$name.hcl" >/dev/null
	else
		consul acl policy create -name "$name" -description "$description" -rules "@$dir/$name.hcl" >/dev/null
	fi
	echo "policy $name is in place"
}

token() {
	secret=$1
	name=$2
	if CONSUL_HTTP_TOKEN="$secret" consul acl token read -self >/dev/null 2>&1; then
		echo "the token of $name exists"
	else
		consul acl token create -secret "$secret" -policy-name "$name" -description "$name (docker-compose)" >/dev/null
		echo "the token of $name is created"
	fi
}

policy cairn-marathon-consul-bridge "marathon-consul-bridge: registers Marathon tasks on every agent, writes their KV labels"
policy cairn-status-aggregator "status-aggregator: reads the health of services"
policy cairn-agent "Consul agents: register their own node"
token "$CONSUL_BRIDGE_TOKEN" cairn-marathon-consul-bridge
token "$CONSUL_STATUS_TOKEN" cairn-status-aggregator
token "$CONSUL_AGENT_TOKEN" cairn-agent
# The server's own agent token, so that it may keep its node in the catalog (persisted by the server).
consul acl set-agent-token agent "$CONSUL_AGENT_TOKEN" >/dev/null
echo "Consul ACLs are ready"
