package io.cairn.status.discovery;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckDefinition;
import io.cairn.status.check.CheckSource;
import io.cairn.status.config.StatusProperties;
import io.cairn.status.service.CheckService;
import io.cairn.status.service.InvalidCheckException;
import io.cairn.status.service.NewCheck;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * registry-service as a source, through its REST API: {@code GET /v1/instances} lists the
 * live instances ({@code {"index": n, "instances": [{"name", "host", "port", "url",
 * "tags", "version", "labels": {...}, ...}]}}); every instance whose labels carry the
 * status label ({@code status-url} by default) becomes a check with id
 * {@code registry-<name>@<host>-<port>}. The label holds an absolute URL, or a path on
 * the instance's own address. An instance that expires or deregisters drops out of the
 * list, and its check is removed.
 * <p>
 * The registry is trusted no more than an API client: its answer is read within
 * {@code discovery.registry.timeout} and up to
 * {@code discovery.registry.max-response-size} (a larger one fails the round and keeps
 * the checks as they are), every status URL goes through the same rules and target policy
 * as one added through the API, and the runner caps how many checks the source may
 * create.
 */
public class RegistryDiscovery implements CheckSourceAdapter {

	private static final Log logger = LogFactory.getLog(RegistryDiscovery.class);

	private final StatusProperties.Registry properties;

	private final CheckService checks;

	private final JsonMapper mapper;

	private final RestClient client;

	private int lastIgnored;

	/**
	 * Create the source.
	 * @param properties where registry-service is and how to read it
	 * @param checks validates the discovered checks
	 * @param mapper reads the answer
	 * @param client a REST client (its base URL is set here) whose read timeout covers
	 * the whole answer
	 */
	public RegistryDiscovery(StatusProperties.Registry properties, CheckService checks, JsonMapper mapper,
			RestClient.Builder client) {
		this.properties = properties;
		this.checks = checks;
		this.mapper = mapper;
		URI url = properties.url();
		this.client = client.baseUrl((url != null) ? url.toString() : "http://localhost:5000").build();
	}

	@Override
	public CheckSource source() {
		return CheckSource.REGISTRY;
	}

	@Override
	public Duration interval() {
		return this.properties.interval();
	}

	@Override
	public Discovered discover() {
		long cap = this.properties.maxResponseSize().toBytes();
		byte[] answer = this.client.get()
			.uri("/v1/instances")
			.accept(MediaType.APPLICATION_JSON)
			.exchange((request, response) -> {
				if (!response.getStatusCode().is2xxSuccessful()) {
					throw new IllegalStateException("registry-service answered " + response.getStatusCode().value());
				}
				try (InputStream in = response.getBody()) {
					return in.readNBytes((int) Math.min(cap + 1, Integer.MAX_VALUE - 8));
				}
			});
		if (answer == null || answer.length > cap) {
			throw new IllegalStateException("registry-service's instance list is larger than " + cap
					+ " bytes (cairn.status.discovery.registry.max-response-size)");
		}
		JsonNode body = this.mapper.readTree(answer);
		if (body == null || !body.has("instances") || !body.get("instances").isArray()) {
			throw new IllegalStateException("registry-service answered without an 'instances' list");
		}
		List<CheckDefinition> found = new ArrayList<>();
		List<String> ignored = new ArrayList<>();
		for (JsonNode instance : body.get("instances")) {
			if (instance.has("alive") && !instance.get("alive").asBoolean(true)) {
				continue;
			}
			JsonNode labels = instance.get("labels");
			JsonNode statusUrl = (labels != null && labels.isObject()) ? labels.get(this.properties.label()) : null;
			if (statusUrl == null || !statusUrl.isString() || statusUrl.stringValue().isBlank()) {
				continue;
			}
			String name = instance.path("name").asString("");
			String host = instance.path("host").asString("");
			int port = instance.path("port").asInt(0);
			String id = id(name, host, port);
			try {
				String url = resolve(statusUrl.stringValue().trim(), text(instance.get("url")), host, port);
				List<String> tags = new ArrayList<>(this.properties.tags());
				String serviceTag = name.replaceAll("[^A-Za-z0-9._:=@+-]", "_");
				if (!serviceTag.isEmpty() && serviceTag.length() <= 64 && !tags.contains(serviceTag)) {
					tags.add(serviceTag);
				}
				found.add(this.checks.validate(new NewCheck(id, url, null, null, tags, this.properties.checkInterval()),
						CheckSource.REGISTRY));
			}
			catch (InvalidCheckException | IllegalArgumentException ex) {
				ignored.add(CheckService.echo(name) + " at " + CheckService.echo(host) + ":" + port + " ("
						+ ex.getMessage() + ")");
			}
		}
		if (ignored.size() != this.lastIgnored) {
			// Once per change, not once per instance and round: the registry's content
			// must not be able to flood the log.
			if (!ignored.isEmpty()) {
				logger
					.warn("Ignoring " + ignored.size() + " status URLs from registry-service, e.g. " + ignored.get(0));
			}
			this.lastIgnored = ignored.size();
		}
		return new Discovered(found, Map.of());
	}

	static String id(String name, String host, int port) {
		String safe = CheckService.safeId("registry-" + name + "@" + host + "-" + port);
		return (safe != null) ? safe : "registry-";
	}

	static String resolve(String statusUrl, @Nullable String instanceUrl, String host, int port) {
		if (statusUrl.contains("://")) {
			return statusUrl;
		}
		String base;
		if (instanceUrl != null && instanceUrl.contains("://")) {
			base = instanceUrl;
		}
		else {
			base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
		}
		return URI.create(base).resolve(statusUrl).toString();
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
