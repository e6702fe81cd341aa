package io.cairn.mesos.marathon;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.cairn.mesos.zk.InvalidUrlException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks Marathon for its leader over HTTP ({@code GET /v2/leader}), trying a list of
 * Marathon URLs in turn until one answers. Any instance, leader or not, knows the leader.
 *
 * <pre>{@code
 * MarathonHttpLeaderLookup lookup = MarathonHttpLeaderLookup.of(
 *         List.of(URI.create("http://m1:8080"), URI.create("http://m2:8080")));
 * Optional<MarathonInstance> leader = lookup.leader();
 * }</pre>
 */
public final class MarathonHttpLeaderLookup {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final List<URI> urls;

	private final HttpClient http;

	private final Duration timeout;

	private final @Nullable String authorization;

	private MarathonHttpLeaderLookup(List<URI> urls, HttpClient http, Duration timeout,
			@Nullable String authorization) {
		if (urls.isEmpty()) {
			throw new IllegalArgumentException("at least one Marathon URL is needed");
		}
		this.urls = List.copyOf(urls);
		this.http = http;
		this.timeout = timeout;
		this.authorization = authorization;
	}

	/**
	 * A lookup with a default HTTP client and a 5 s timeout per request.
	 * @param urls Marathon base URLs, such as {@code http://marathon1:8080}
	 * @return the lookup
	 */
	public static MarathonHttpLeaderLookup of(List<URI> urls) {
		return new MarathonHttpLeaderLookup(urls,
				HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(5))
					.build(),
				Duration.ofSeconds(5), null);
	}

	/**
	 * A lookup with a given HTTP client (for TLS settings), timeout and optional basic
	 * auth.
	 * @param urls Marathon base URLs
	 * @param http the HTTP client
	 * @param timeout the timeout of each request
	 * @param user the basic auth user, or {@code null} for none
	 * @param password the basic auth password, or {@code null} for none
	 * @return the lookup
	 */
	public static MarathonHttpLeaderLookup of(List<URI> urls, HttpClient http, Duration timeout, @Nullable String user,
			@Nullable String password) {
		String authorization = (user != null) ? "Basic " + Base64.getEncoder()
			.encodeToString((user + ":" + ((password != null) ? password : "")).getBytes(StandardCharsets.UTF_8))
				: null;
		return new MarathonHttpLeaderLookup(urls, http, timeout, authorization);
	}

	/**
	 * Asks each URL in turn for the leader until one answers.
	 * @return the leader, or empty if an instance answered that there is none (404)
	 * @throws MarathonUnavailableException if no URL gave an answer
	 * @throws InterruptedException if interrupted
	 */
	public Optional<MarathonInstance> leader() throws InterruptedException {
		List<String> failures = new ArrayList<>();
		for (URI url : this.urls) {
			URI leaderUrl = url.resolve(url.getPath().endsWith("/") ? "v2/leader" : url.getPath() + "/v2/leader");
			HttpRequest.Builder request = HttpRequest.newBuilder(leaderUrl)
				.timeout(this.timeout)
				.header("Accept", "application/json")
				.GET();
			if (this.authorization != null) {
				request.header("Authorization", this.authorization);
			}
			try {
				HttpResponse<String> response = this.http.send(request.build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				if (response.statusCode() == 404) {
					return Optional.empty();
				}
				if (response.statusCode() != 200) {
					failures.add(leaderUrl + " answered " + response.statusCode());
					continue;
				}
				JsonNode leader = JSON.readTree(response.body()).path("leader");
				if (!leader.isString()) {
					failures.add(leaderUrl + " answered without a leader field");
					continue;
				}
				return Optional.of(MarathonInstance.parse(leader.stringValue()));
			}
			catch (IOException | JacksonException | InvalidUrlException ex) {
				failures.add(leaderUrl + ": " + ex.getMessage());
			}
		}
		throw new MarathonUnavailableException("no Marathon answered: " + String.join("; ", failures));
	}

	/**
	 * No Marathon URL gave an answer.
	 */
	public static class MarathonUnavailableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public MarathonUnavailableException(String message) {
			super(message);
		}

	}

}
