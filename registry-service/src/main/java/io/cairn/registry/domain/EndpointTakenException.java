package io.cairn.registry.domain;

/**
 * A heartbeat would move an endpoint away from the live instance of a service that the
 * caller's token does not cover. servreg moved endpoints between names silently; with
 * scoped tokens only a caller allowed to write both names may do it.
 */
public class EndpointTakenException extends RuntimeException {

	private final Endpoint endpoint;

	private final String owner;

	/**
	 * Create the exception.
	 * @param endpoint the endpoint
	 * @param owner the service it is registered under
	 */
	public EndpointTakenException(Endpoint endpoint, String owner) {
		super(endpoint + " is registered under '" + RegistrationRules.printable(owner)
				+ "', which this token does not cover, and is alive; it can move to another service once it "
				+ "has expired or has been deregistered, or with a token that covers both names.");
		this.endpoint = endpoint;
		this.owner = owner;
	}

	/**
	 * The endpoint.
	 * @return the endpoint
	 */
	public Endpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * The service that holds it.
	 * @return the name
	 */
	public String owner() {
		return this.owner;
	}

}
