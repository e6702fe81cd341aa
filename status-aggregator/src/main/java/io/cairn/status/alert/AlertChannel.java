package io.cairn.status.alert;

/**
 * What carries alerts to one provider, in its own wire format. Implementations throw on
 * any failure (the sender retries and records it) and never put a secret in an exception.
 */
interface AlertChannel {

	/**
	 * Send one message.
	 * @param alert the message
	 * @throws Exception when the provider did not take it
	 */
	void send(Alert alert) throws Exception;

	/**
	 * Whether this provider is sent messages of a kind.
	 * @param kind the kind
	 * @return true by default
	 */
	default boolean takes(Alert.Kind kind) {
		return true;
	}

	/**
	 * Where the messages go, safe to show: a URL's origin, never its path or query.
	 * @return the description
	 */
	String destination();

}
