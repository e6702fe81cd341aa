package io.cairn.testkit.consul;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's cache for reads with {@code ?cached} (catalog, health, prepared queries): a
 * read marks its key fetched, and later reads are hits with an {@code Age} until
 * {@code Cache-Control: max-age} or {@code must-revalidate} asks for a fresh one.
 */
final class AgentCache {

	private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

	private final Map<String, Long> fetched = new HashMap<>();

	void reset() {
		this.fetched.clear();
	}

	ApiResponse cached(ApiRequest r, ApiResponse response) {
		if (!r.has("cached")) {
			return response;
		}
		String key = r.path + "?" + r.param("tag") + r.param("passing") + r.param("filter");
		long now = System.currentTimeMillis();
		Long at = this.fetched.get(key);
		long maxAge = Long.MAX_VALUE;
		String control = r.header("Cache-Control");
		if (control != null) {
			Matcher m = MAX_AGE.matcher(control);
			if (m.find()) {
				maxAge = Long.parseLong(m.group(1)) * 1000;
			}
			if (control.contains("must-revalidate")) {
				maxAge = 0;
			}
		}
		if (at == null || now - at > maxAge) {
			this.fetched.put(key, now);
			return response.header("X-Cache", "MISS");
		}
		return response.header("X-Cache", "HIT").header("Age", Long.toString((now - at) / 1000));
	}

}
