package io.cairn.consul;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectReader;

import io.cairn.consul.internal.Decoders;
import io.cairn.consul.internal.Json;
import io.cairn.consul.internal.Request;
import io.cairn.consul.internal.Transport;
import io.cairn.consul.model.connect.CaConfiguration;
import io.cairn.consul.model.connect.CaRoots;
import io.cairn.consul.model.connect.Intention;
import io.cairn.consul.model.connect.IntentionAction;

/**
 * The service mesh ({@code /v1/connect}): the CA's roots and configuration, and
 * intentions by source and destination name (Consul 1.9+: {@code exact}, {@code match},
 * {@code check}).
 */
public final class ConnectClient {

	private static final ObjectReader ROOTS = Json.reader(CaRoots.class);

	private static final ObjectReader CA_CONFIGURATION = Json.reader(CaConfiguration.class);

	private static final ObjectReader INTENTION = Json.reader(Intention.class);

	private static final ObjectReader MATCHES = Json.reader(new TypeReference<Map<String, List<Intention>>>() {
	});

	private static final ObjectReader ALLOWED = Json.reader(new TypeReference<Map<String, Boolean>>() {
	});

	private final Transport transport;

	ConnectClient(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The trusted CA roots.
	 * @param options per-request options (blocking, consistency)
	 * @return the roots and the active root's ID
	 */
	public ConsulResponse<CaRoots> caRoots(QueryOptions options) {
		return this.transport.execute(
				Request.get("/v1/connect/ca/roots", "connect/ca/roots").notFoundIsEmpty(false).options(options),
				Decoders.json(ROOTS));
	}

	/**
	 * The trusted CA roots as a PEM chain, for applications that trust mesh certificates.
	 * @param options per-request options
	 * @return the PEM certificates
	 */
	public String caRootsPem(QueryOptions options) {
		return this.transport
			.execute(Request.get("/v1/connect/ca/roots", "connect/ca/roots")
				.flag("pem", true)
				.notFoundIsEmpty(false)
				.options(options), Decoders.text())
			.value();
	}

	/**
	 * The CA's configuration.
	 * @param options per-request options
	 * @return the provider and its settings
	 */
	public ConsulResponse<CaConfiguration> caConfiguration(QueryOptions options) {
		return this.transport.execute(Request.get("/v1/connect/ca/configuration", "connect/ca/configuration")
			.noConsistency()
			.notFoundIsEmpty(false)
			.options(options), Decoders.json(CA_CONFIGURATION));
	}

	/**
	 * Replace the CA's configuration (a new provider or new settings may start a root
	 * rotation).
	 * @param configuration the configuration
	 */
	public void updateCaConfiguration(CaConfiguration configuration) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Provider", configuration.provider());
		body.put("Config", configuration.config());
		body.put("ForceWithoutCrossSigning", configuration.forceWithoutCrossSigning());
		this.transport.execute(Request.put("/v1/connect/ca/configuration", "connect/ca/configuration")
			.body(Json.write(body), "application/json"), Decoders.ignore());
	}

	/**
	 * The intention from a source to a destination.
	 * @param source the source service, or {@code *}
	 * @param destination the destination service, or {@code *}
	 * @param options per-request options (blocking, consistency)
	 * @return the intention, empty when there is none
	 */
	public ConsulResponse<Optional<Intention>> intention(String source, String destination, QueryOptions options) {
		return this.transport
			.execute(exact(Request.get("/v1/connect/intentions/exact", "connect/intentions/exact"), source, destination)
				.options(options), Decoders.optional(INTENTION));
	}

	/**
	 * Create or replace the intention from a source to a destination.
	 * @param source the source service, or {@code *}
	 * @param destination the destination service, or {@code *}
	 * @param action allow or deny
	 * @param description a description, or {@code null}
	 */
	public void upsertIntention(String source, String destination, IntentionAction action,
			@Nullable String description) {
		if (action == IntentionAction.UNKNOWN) {
			throw new IllegalArgumentException("An intention allows or denies");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("SourceType", "consul");
		body.put("Action", action.wireName());
		if (description != null) {
			body.put("Description", description);
		}
		this.transport
			.execute(exact(Request.put("/v1/connect/intentions/exact", "connect/intentions/exact"), source, destination)
				.body(Json.write(body), "application/json")
				.resendable(), Decoders.ignore());
	}

	/**
	 * Delete the intention from a source to a destination (nothing happens when there is
	 * none).
	 * @param source the source service, or {@code *}
	 * @param destination the destination service, or {@code *}
	 */
	public void deleteIntention(String source, String destination) {
		this.transport.execute(
				exact(Request.delete("/v1/connect/intentions/exact", "connect/intentions/exact"), source, destination)
					.resendable(),
				Decoders.ignore());
	}

	private static Request exact(Request request, String source, String destination) {
		return request.param("source", require(source, "source"))
			.param("destination", require(destination, "destination"));
	}

	/**
	 * The intentions that apply to services as a source or as a destination, in
	 * evaluation order (highest precedence first), wildcards included.
	 * @param bySource {@code true} to match the names as sources, {@code false} as
	 * destinations
	 * @param names the service names (at least one)
	 * @param options per-request options (blocking, consistency)
	 * @return the intentions by name
	 */
	public ConsulResponse<Map<String, List<Intention>>> matchIntentions(boolean bySource, List<String> names,
			QueryOptions options) {
		if (names.isEmpty()) {
			throw new IllegalArgumentException("Name at least one service to match intentions for");
		}
		Request request = Request.get("/v1/connect/intentions/match", "connect/intentions/match")
			.param("by", bySource ? "source" : "destination");
		names.forEach((name) -> request.param("name", require(name, "name")));
		return this.transport.execute(request.options(options), Decoders.map(MATCHES));
	}

	/**
	 * Whether a connection from a source to a destination would be allowed (an L4 check:
	 * an intention with L7 permissions counts as deny; without a matching intention, the
	 * ACL default policy decides).
	 * @param source the source service
	 * @param destination the destination service
	 * @param options per-request options
	 * @return {@code true} when allowed
	 */
	public boolean checkIntention(String source, String destination, QueryOptions options) {
		Map<String, Boolean> answer = this.transport
			.execute(exact(Request.get("/v1/connect/intentions/check", "connect/intentions/check"), source, destination)
				.notFoundIsEmpty(false)
				.options(options), Decoders.<Map<String, Boolean>>json(ALLOWED))
			.value();
		return Boolean.TRUE.equals(answer.get("Allowed"));
	}

	private static String require(String value, String what) {
		if (value.isEmpty()) {
			throw new IllegalArgumentException("The " + what + " service must not be empty");
		}
		return value;
	}

}
