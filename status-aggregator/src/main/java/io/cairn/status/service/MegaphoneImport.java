package io.cairn.status.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.status.check.CheckSource;
import io.cairn.status.store.CheckStore;
import io.cairn.status.store.TooManyChecksException;

/**
 * Imports Megaphone's cache file ({@code CACHEDIR/CACHEFILE}, by default
 * {@code /tmp/megaphone.json}): an object of id → URL (2013) or id → {@code {"addr",
 * "jsonpath", "statusoverride"}} (2016), with {@code --global} as the override. Each
 * entry goes through the same rules as the API, so a {@code file:} URL or a metadata
 * address in an old cache is reported, not imported.
 */
public class MegaphoneImport {

	private static final Log logger = LogFactory.getLog(MegaphoneImport.class);

	private final CheckService checks;

	private final CheckStore store;

	private final JsonMapper mapper;

	private final Clock clock;

	/**
	 * Create the importer.
	 * @param checks registers the checks
	 * @param store remembers which files were imported
	 * @param mapper reads the file
	 * @param clock the clock
	 */
	public MegaphoneImport(CheckService checks, CheckStore store, JsonMapper mapper, Clock clock) {
		this.checks = checks;
		this.store = store;
		this.mapper = mapper;
		this.clock = clock;
	}

	/**
	 * Import a cache file once: the same content is not imported again at the next
	 * start-up (so checks deleted since stay deleted).
	 * @param file the cache file
	 * @return what was imported, or null when this content was imported before
	 * @throws IOException when the file cannot be read
	 */
	public @Nullable Report importFileOnce(Path file) throws IOException {
		byte[] content = Files.readAllBytes(file);
		Report report = importCache(content);
		if (!this.store.recordImport(sha256(content), this.clock.instant(), report.imported().size())) {
			logger.info("Megaphone cache " + file + " was imported before; nothing to do");
			return null;
		}
		logger.info("Imported " + report.imported().size() + " checks from Megaphone cache " + file
				+ (report.skipped().isEmpty() ? "" : "; skipped " + report.skipped()));
		return report;
	}

	/**
	 * Import a cache file's content.
	 * @param content the file's bytes
	 * @return what was imported and what was skipped, with why
	 */
	public Report importCache(byte[] content) {
		return importCache(content, Integer.MAX_VALUE);
	}

	/**
	 * Import a cache file's content sent by a client: at most {@code maxChecks} entries,
	 * and none at all when the new ones would take the aggregator past
	 * {@code cairn.status.limits.max-checks}, so a refused import writes nothing.
	 * @param content the file's bytes
	 * @param maxChecks the most entries accepted
	 * @return what was imported and what was skipped, with why
	 * @throws InvalidCheckException when there are more entries than allowed
	 * @throws TooManyChecksException when the import would pass the cap on checks
	 */
	public Report importCache(byte[] content, int maxChecks) {
		JsonNode root;
		try {
			root = this.mapper.readTree(content);
		}
		catch (JacksonException ex) {
			throw new InvalidCheckException("body", "Not a Megaphone cache file: the content is not valid JSON.");
		}
		if (root == null || !root.isObject()) {
			throw new InvalidCheckException("body", "Not a Megaphone cache file: expected a JSON object of checks.");
		}
		if (root.size() > maxChecks) {
			throw new InvalidCheckException("body", "The import holds " + root.size() + " checks; at most " + maxChecks
					+ " per request (cairn.status.limits.max-import-checks).");
		}
		this.checks.ensureRoomFor(root.propertyNames());
		List<String> imported = new ArrayList<>();
		List<Skipped> skipped = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : root.properties()) {
			String id = entry.getKey();
			try {
				this.checks.register(check(id, entry.getValue()), CheckSource.MEGAPHONE);
				imported.add(id);
			}
			catch (InvalidCheckException | CheckConflictException | TooManyChecksException ex) {
				String reason = ex.getMessage();
				skipped.add(new Skipped(CheckService.echo(id), (reason != null) ? reason : "refused"));
			}
		}
		return new Report(imported, skipped);
	}

	/**
	 * Read one Megaphone check: a URL string or Megaphone 2016's object.
	 * @param id the id
	 * @param value the value
	 * @return the check
	 */
	public static NewCheck check(String id, JsonNode value) {
		if (value.isString()) {
			return NewCheck.of(id, value.stringValue());
		}
		if (value.isObject()) {
			for (String field : value.propertyNames()) {
				if (!field.equals("addr") && !field.equals("jsonpath") && !field.equals("statusoverride")) {
					throw new InvalidCheckException("url", "Unknown field 'url." + CheckService.echo(field)
							+ "'; a url object has addr, jsonpath and statusoverride.");
				}
			}
			return new NewCheck(id, string(value, "addr"), string(value, "jsonpath"), string(value, "statusoverride"),
					null, null);
		}
		throw new InvalidCheckException("url", "'url' must be a string or an object with 'addr'.");
	}

	private static @Nullable String string(JsonNode object, String field) {
		JsonNode value = object.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidCheckException("url." + field, "'url." + field + "' must be a string.");
		}
		return value.stringValue();
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What an import did.
	 *
	 * @param imported the ids imported
	 * @param skipped the entries refused, with why
	 */
	public record Report(List<String> imported, List<Skipped> skipped) {

	}

	/**
	 * An entry that was not imported.
	 *
	 * @param id its id
	 * @param reason why
	 */
	public record Skipped(String id, String reason) {

	}

}
