#!/bin/sh
# Writes .env (or the file named) from .env.example, with a new random value for every secret left empty there:
# passwords and write tokens as 64 hex digits, Consul tokens as UUIDs (Consul's format). An existing file is never
# overwritten. Change any value afterwards as you like; docs/deploy.md says how to rotate each one.
set -eu
cd "$(dirname "$0")"
target=${1:-.env}
if [ -e "$target" ]; then
	echo "$target exists; nothing written (delete it first to start over)" >&2
	exit 1
fi

hex() {
	od -An -tx1 -N32 /dev/urandom | tr -d ' \n'
}

uuid() {
	if [ -r /proc/sys/kernel/random/uuid ]; then
		cat /proc/sys/kernel/random/uuid
	else
		uuidgen | tr 'A-Z' 'a-z'
	fi
}

umask 077
while IFS= read -r line || [ -n "$line" ]; do
	case "$line" in
	CONSUL_*_TOKEN=)
		echo "${line}$(uuid)" ;;
	*PASSWORD= | *_TOKEN=)
		echo "${line}$(hex)" ;;
	*)
		echo "$line" ;;
	esac
done <.env.example >"$target"
echo "wrote $target (readable by you only)"
