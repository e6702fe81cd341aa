package io.cairn.status.check;

/**
 * How a check gets its status.
 */
public enum CheckKind {

	/** GET a URL and read the {@code status} of its JSON document. */
	HTTP,

	/** Connect to {@code tcp://host:port}: connected is OK. */
	TCP,

	/**
	 * TLS handshake with {@code tls://host:port}: a trusted certificate valid for the
	 * host is OK; its days left can be a condition.
	 */
	TLS,

	/**
	 * One DNS query ({@code dns://resolver[:port]/name?type=A}) to the resolver the check
	 * names: an answer of the type asked for is OK.
	 */
	DNS,

	/**
	 * Reported by the service itself ({@code POST /checks/{id}/report}); no report within
	 * its TTL turns it Critical or Unknown. Its target is {@code push}.
	 */
	PUSH,

	/** Run a local command, Nagios plugin style; defined only in configuration. */
	COMMAND,

	/** Reported by a discovery source (Consul health) instead of being polled. */
	EXTERNAL,

	/**
	 * Megaphone's {@code --global} override: while it exists the aggregate is Critical
	 * with its target as the message.
	 */
	GLOBAL

}
