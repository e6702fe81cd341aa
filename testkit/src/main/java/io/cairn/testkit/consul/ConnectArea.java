package io.cairn.testkit.consul;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * {@code /v1/connect}: the built-in CA (one fixed self-signed root, read as JSON or as a
 * PEM chain; its configuration read and replaced, without a root rotation) and intentions
 * by source and destination name ({@code exact}, {@code match}, {@code check}), kept as
 * {@code service-intentions} config entries as Consul 1.9 and later keep them. Without a
 * matching intention, {@code check} answers as the ACL default policy: allowed while ACLs
 * are off.
 */
final class ConnectArea {

	private static final String TRUST_DOMAIN = "7f42f496-fbc7-8692-05ed-334aa5340c1e.consul";

	/** A self-signed EC root made for the simulator (CN=Consul CA 7, ten years). */
	private static final String ROOT_PEM = """
			-----BEGIN CERTIFICATE-----
			MIIBqTCCAU6gAwIBAgIJAJUUJyf3uTYFMAoGCCqGSM49BAMCMBYxFDASBgNVBAMT
			C0NvbnN1bCBDQSA3MB4XDTI2MTIwNTA2MjYyNFoXDTM2MTIwMjA2MjYyNFowFjEU
			MBIGA1UEAxMLQ29uc3VsIENBIDcwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASX
			5VF67ZhY7bobpBu9U+pY3Wk9HX3kZd6R1r3I3fqRUzoDGhRGX/NNZdioN+oIFK02
			dJpkAr4Zd/fMD0DpMyMco4GEMIGBMB0GA1UdDgQWBBRLqYwW0RFAkzi+EeL1wupv
			BmgvVTAOBgNVHQ8BAf8EBAMCAQYwPwYDVR0RBDgwNoY0c3BpZmZlOi8vN2Y0MmY0
			OTYtZmJjNy04NjkyLTA1ZWQtMzM0YWE1MzQwYzFlLmNvbnN1bDAPBgNVHRMBAf8E
			BTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQDRnsXezwCRtmmYAUBqK0bBziZ9lFPX
			Wx+dFAxii4hkpAIhAKT+ttSzj276EZuvACyxgIEOimBs21vkgWh8v5XqM2Gb
			-----END CERTIFICATE-----
			""";

	// A list: its order is the error message's, the same on every run (a Set.of's is
	// not).
	private static final List<String> PROVIDERS = List.of("consul", "vault", "aws-pca");

	private final RaftLog raft;

	private final ConsulSimulator.Settings settings;

	private final ConfigArea config;

	private final ObjectNode root;

	private ObjectNode caConfiguration = JSON.createObjectNode();

	private long caIndex;

	ConnectArea(RaftLog raft, ConsulSimulator.Settings settings, ConfigArea config) {
		this.raft = raft;
		this.settings = settings;
		this.config = config;
		this.root = root();
	}

	void reset(long start) {
		this.caIndex = start;
		this.caConfiguration = JSON.createObjectNode().put("Provider", "consul");
		this.caConfiguration.putObject("Config")
			.put("LeafCertTTL", "72h")
			.put("IntermediateCertTTL", "8760h")
			.put("RootCertTTL", "87600h")
			.put("RotationPeriod", "2160h")
			.put("PrivateKeyType", "ec")
			.put("PrivateKeyBits", 256);
		this.caConfiguration.putNull("State");
		this.caConfiguration.put("ForceWithoutCrossSigning", false);
		ConsulJson.stamp(this.caConfiguration, start, start);
		ConsulJson.stamp(this.root, start, start);
	}

	// ---------------------------------------------------------------- CA

	/** {@code GET /v1/connect/ca/roots}, as JSON or with {@code ?pem} as a PEM chain. */
	ApiResponse caRoots(ApiRequest r) throws InterruptedException {
		return r.flag("pem")
				? ApiResponse.raw(200, ROOT_PEM.getBytes(StandardCharsets.UTF_8), "application/pem-certificate-chain")
				: this.raft.blocking(r, this::roots);
	}

	/** {@code GET /v1/connect/ca/configuration}. */
	ApiResponse caConfiguration() {
		return ApiResponse.json(this.caConfiguration.deepCopy());
	}

	private ApiResponse roots() {
		ObjectNode roots = JSON.createObjectNode();
		roots.put("ActiveRootID", this.root.get("ID").asString());
		roots.put("TrustDomain", TRUST_DOMAIN);
		roots.putArray("Roots").add(this.root.deepCopy());
		return ApiResponse.read(roots, this.caIndex);
	}

	/** {@code PUT /v1/connect/ca/configuration}: kept, the root stays. */
	ApiResponse updateCaConfiguration(ApiRequest r) {
		JsonNode body = ConsulJson.body(r);
		String provider = body.path("Provider").asString("");
		if (!PROVIDERS.contains(provider)) {
			return ApiResponse.bad("Invalid CA provider: \"" + provider + "\", should be one of " + PROVIDERS);
		}
		ObjectNode updated = JSON.createObjectNode().put("Provider", provider);
		updated.set("Config", body.path("Config").isObject() ? body.get("Config").deepCopy() : JSON.createObjectNode());
		updated.putNull("State");
		updated.put("ForceWithoutCrossSigning", body.path("ForceWithoutCrossSigning").asBoolean(false));
		this.caIndex = this.raft.next();
		ConsulJson.stamp(updated, this.caConfiguration.get("CreateIndex").asLong(), this.caIndex);
		this.caConfiguration = updated;
		this.raft.changed();
		return ApiResponse.ok();
	}

	private ObjectNode root() {
		try {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(ROOT_PEM.getBytes(StandardCharsets.US_ASCII)));
			ObjectNode root = JSON.createObjectNode();
			root.put("ID", colonHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded())));
			root.put("Name", "Consul CA Primary Cert");
			root.put("SerialNumber", certificate.getSerialNumber().longValue());
			root.put("SigningKeyID",
					colonHex(MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded())));
			root.put("ExternalTrustDomain", TRUST_DOMAIN.substring(0, TRUST_DOMAIN.indexOf('.')));
			root.put("NotBefore", certificate.getNotBefore().toInstant().toString());
			root.put("NotAfter", certificate.getNotAfter().toInstant().toString());
			root.put("RootCert", ROOT_PEM);
			root.putArray("IntermediateCerts");
			root.put("Active", true);
			root.put("PrivateKeyType", "ec");
			root.put("PrivateKeyBits", 256);
			return root;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The simulator's CA root does not parse", ex);
		}
	}

	private static String colonHex(byte[] bytes) {
		return HexFormat.ofDelimiter(":").formatHex(bytes);
	}

	// ---------------------------------------------------------------- intentions

	/** Consul's precedence of an intention without namespaces: exact names first. */
	static int precedence(String source, String destination) {
		boolean anySource = source.equals("*");
		boolean anyDestination = destination.equals("*");
		if (anyDestination) {
			return anySource ? 5 : 6;
		}
		return anySource ? 8 : 9;
	}

	private static @Nullable String missing(ApiRequest r, String... params) {
		for (String param : params) {
			String value = r.param(param);
			if (value == null || value.isEmpty()) {
				return "required query parameter '" + param + "' not set";
			}
		}
		return null;
	}

	/** {@code GET /v1/connect/intentions/exact?source=&destination=}. */
	ApiResponse readIntention(ApiRequest r) throws InterruptedException {
		String missing = missing(r, "source", "destination");
		if (missing != null) {
			return ApiResponse.bad(missing);
		}
		// both present: missing() said so
		String source = Objects.requireNonNull(r.param("source"));
		String destination = Objects.requireNonNull(r.param("destination"));
		return this.raft.blocking(r, () -> {
			ObjectNode intention = find(source, destination);
			return (intention != null) ? ApiResponse.read(intention, this.config.index())
					: ApiResponse.text(404, "Intention not found").withIndex(this.config.index());
		});
	}

	/** {@code PUT /v1/connect/intentions/exact?source=&destination=}. */
	ApiResponse upsertIntention(ApiRequest r) {
		String missing = missing(r, "source", "destination");
		if (missing != null) {
			return ApiResponse.bad(missing);
		}
		return upsert(r, Objects.requireNonNull(r.param("source")), Objects.requireNonNull(r.param("destination")));
	}

	/** {@code DELETE /v1/connect/intentions/exact?source=&destination=}. */
	ApiResponse deleteIntention(ApiRequest r) {
		String missing = missing(r, "source", "destination");
		if (missing != null) {
			return ApiResponse.bad(missing);
		}
		delete(Objects.requireNonNull(r.param("source")), Objects.requireNonNull(r.param("destination")));
		return ApiResponse.bool(true);
	}

	private ApiResponse upsert(ApiRequest r, String source, String destination) {
		JsonNode body = ConsulJson.body(r);
		ObjectNode entry = this.config.entry(ConfigArea.SERVICE_INTENTIONS, destination);
		ObjectNode updated = (entry != null) ? entry.deepCopy()
				: JSON.createObjectNode().put("Kind", ConfigArea.SERVICE_INTENTIONS).put("Name", destination);
		ArrayNode sources = JSON.createArrayNode();
		updated.path("Sources").forEach((s) -> {
			if (!s.path("Name").asString("").equals(source)) {
				sources.add(s);
			}
		});
		ObjectNode added = sources.addObject().put("Name", source);
		for (String field : List.of("Action", "Permissions", "Description")) {
			if (body.hasNonNull(field)) {
				added.set(field, body.get(field).deepCopy());
			}
		}
		added.put("Type", body.path("SourceType").asString("consul"));
		updated.set("Sources", sources);
		String invalid = ConfigArea.invalid(ConfigArea.SERVICE_INTENTIONS, destination, updated);
		if (invalid != null) {
			return ApiResponse.bad("Invalid Intention: " + invalid);
		}
		this.config.put(updated);
		return ApiResponse.bool(true);
	}

	private void delete(String source, String destination) {
		ObjectNode entry = this.config.entry(ConfigArea.SERVICE_INTENTIONS, destination);
		if (entry == null) {
			return;
		}
		ObjectNode updated = entry.deepCopy();
		ArrayNode sources = JSON.createArrayNode();
		entry.path("Sources").forEach((s) -> {
			if (!s.path("Name").asString("").equals(source)) {
				sources.add(s.deepCopy());
			}
		});
		if (sources.isEmpty()) {
			this.config.remove(ConfigArea.SERVICE_INTENTIONS, destination);
		}
		else {
			updated.set("Sources", sources);
			this.config.put(updated);
		}
	}

	/** Every intention, in Consul's intention format. */
	private List<ObjectNode> all() {
		List<ObjectNode> intentions = new ArrayList<>();
		for (ObjectNode entry : this.config.entries(ConfigArea.SERVICE_INTENTIONS)) {
			for (JsonNode source : entry.path("Sources")) {
				intentions.add(intention(entry, source));
			}
		}
		intentions.sort(Comparator.comparingInt((ObjectNode i) -> i.get("Precedence").asInt()).reversed());
		return intentions;
	}

	private static ObjectNode intention(ObjectNode entry, JsonNode source) {
		ObjectNode intention = JSON.createObjectNode();
		intention.put("ID", "");
		intention.put("Description", source.path("Description").asString(""));
		intention.put("SourceNS", "default");
		intention.put("SourceName", source.path("Name").asString());
		intention.put("DestinationNS", "default");
		intention.put("DestinationName", entry.get("Name").asString());
		intention.put("SourceType", source.path("Type").asString("consul"));
		if (source.hasNonNull("Action")) {
			intention.put("Action", source.get("Action").asString());
		}
		if (source.hasNonNull("Permissions")) {
			intention.set("Permissions", source.get("Permissions").deepCopy());
		}
		intention.put("Precedence", source.path("Precedence").asInt());
		ConsulJson.stamp(intention, entry.get("CreateIndex").asLong(), entry.get("ModifyIndex").asLong());
		return intention;
	}

	private @Nullable ObjectNode find(String source, String destination) {
		return all().stream()
			.filter((i) -> i.get("SourceName").asString().equals(source)
					&& i.get("DestinationName").asString().equals(destination))
			.findFirst()
			.orElse(null);
	}

	/** {@code GET /v1/connect/intentions/match?by=&name=}: by source or destination. */
	ApiResponse matchIntentions(ApiRequest r) throws InterruptedException {
		String missing = missing(r, "by", "name");
		if (missing != null) {
			return ApiResponse.bad(missing);
		}
		String by = Objects.requireNonNull(r.param("by"));
		if (!by.equals("source") && !by.equals("destination")) {
			return ApiResponse.bad("'by' parameter must be one of 'source' or 'destination'");
		}
		String field = by.equals("source") ? "SourceName" : "DestinationName";
		List<String> names = r.params("name");
		return this.raft.blocking(r, () -> {
			ObjectNode answer = JSON.createObjectNode();
			for (String name : names) {
				ArrayNode matches = answer.putArray(name);
				all().stream()
					.filter((i) -> i.get(field).asString().equals(name) || i.get(field).asString().equals("*"))
					.forEach(matches::add);
			}
			return ApiResponse.read(answer, this.config.index());
		});
	}

	/**
	 * {@code GET /v1/connect/intentions/check?source=&destination=}: whether the first
	 * matching intention allows the connection.
	 */
	ApiResponse checkIntention(ApiRequest r) {
		String missing = missing(r, "source", "destination");
		if (missing != null) {
			return ApiResponse.bad(missing);
		}
		String source = r.param("source");
		String destination = r.param("destination");
		boolean allowed = !this.settings.aclEnabled();
		for (ObjectNode intention : all()) {
			String to = intention.get("DestinationName").asString();
			String from = intention.get("SourceName").asString();
			if ((to.equals(destination) || to.equals("*")) && (from.equals(source) || from.equals("*"))) {
				// L7 intentions (with permissions) count as deny for this L4 check.
				allowed = !intention.has("Permissions") && intention.path("Action").asString("").equals("allow");
				break;
			}
		}
		return ApiResponse.json(JSON.createObjectNode().put("Allowed", allowed));
	}

}
