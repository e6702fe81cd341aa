package io.cairn.registry.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's REST API ({@code /v1}) as typed calls. Answers are read into small wire
 * records that ignore fields this client does not use, so that the registry can add
 * fields without breaking old clients; a list that the registry pages is followed through
 * its {@code Link: <...>; rel="next"} headers up to {@code max-instances}.
 */
final class RegistryApi {

	/** The most events one watch answer may carry before the cache resynchronises. */
	static final int EVENT_LIMIT = 1000;

	private static final int MAX_PAGES = 10_000;

	private final RegistryHttp http;

	private final JsonMapper json;

	private final int maxInstances;

	private final RegistryObserver observer;

	RegistryApi(RegistryHttp http, JsonMapper json, int maxInstances, RegistryObserver observer) {
		this.http = http;
		this.json = json;
		this.maxInstances = maxInstances;
		this.observer = observer;
	}

	/**
	 * Run a call and tell the observer how it went.
	 */
	private <T> T timed(String operation, java.util.function.Supplier<T> call) {
		long started = System.nanoTime();
		try {
			T result = call.get();
			this.observer.called(operation, System.nanoTime() - started, null);
			return result;
		}
		catch (RegistryException ex) {
			this.observer.called(operation, System.nanoTime() - started, ex);
			throw ex;
		}
	}

	/**
	 * {@code GET /v1/info}.
	 * @return the registry's settings
	 */
	Info info() {
		return timed("info", this::readInfo);
	}

	private Info readInfo() {
		RegistryHttp.Answer answer = expectOk(this.http.send("GET", "v1/info", null));
		Info info = read(answer, Info.class);
		if (info.ttlSeconds() < 1) {
			throw new RegistryBadAnswerException("The registry announced a TTL of " + info.ttlSeconds() + " s",
					answer.status());
		}
		return info;
	}

	/**
	 * {@code PUT /v1/instances}: register or renew.
	 * @param body the instance as JSON
	 * @param operation {@code register} or {@code renew}, for the observer
	 * @return what the registry did
	 */
	Outcome register(byte[] body, String operation) {
		return timed(operation, () -> readRegistered(body));
	}

	private Outcome readRegistered(byte[] body) {
		RegistryHttp.Answer answer = expectOk(this.http.send("PUT", "v1/instances", body));
		Registered registered = read(answer, Registered.class);
		if (registered.outcome() == null) {
			throw new RegistryBadAnswerException("The registry's answer to a registration has no outcome",
					answer.status());
		}
		return registered.outcome();
	}

	/**
	 * {@code DELETE /v1/instances}.
	 * @param instance the instance
	 * @return true when it was removed, false when the registry did not have it
	 */
	boolean deregister(NewInstance instance) {
		return timed("deregister", () -> sendDeregistration(instance));
	}

	private boolean sendDeregistration(NewInstance instance) {
		RegistryHttp.Answer answer = this.http.send("DELETE", "v1/instances?service=" + encode(instance.name())
				+ "&host=" + encode(instance.host()) + "&port=" + instance.port(), null);
		return answer.status() != 404;
	}

	/**
	 * The live instances of one service or of the services matching a glob, all pages.
	 * @param query the lookup
	 * @param operation {@code lookup} (a caller's first read) or {@code refresh} (the
	 * watch's), for the observer
	 * @return the instances and the index of the answer
	 */
	Instances instances(Query query, String operation) {
		return timed(operation, () -> readInstances(query));
	}

	private Instances readInstances(Query query) {
		String target = "v1/instances?" + (query.glob() ? "pattern=" : "service=") + encode(query.text());
		List<RegistryInstance> instances = new ArrayList<>();
		long index = -1;
		for (int page = 0; page < MAX_PAGES; page++) {
			RegistryHttp.Answer answer = expectOk(this.http.send("GET", target, null));
			InstancesPage body = read(answer, InstancesPage.class);
			if (body.instances() == null) {
				throw new RegistryBadAnswerException("The registry's answer has no 'instances' list", answer.status());
			}
			if (index < 0) {
				// The first page's index: a change after it shows up as an event after
				// it.
				index = body.index();
			}
			for (WireInstance instance : body.instances()) {
				if (instance.alive() != null && !instance.alive()) {
					continue;
				}
				instances.add(instance.toInstance(answer.status()));
				if (instances.size() > this.maxInstances) {
					throw new RegistryBadAnswerException("The lookup '" + query.text() + "' answers more than "
							+ this.maxInstances + " instances (max-instances)", answer.status());
				}
			}
			String next = LinkHeader.next(answer.headers().allValues("Link"));
			if (next == null) {
				return new Instances(List.copyOf(instances), index);
			}
			target = this.http.relativeTarget(answer, next);
		}
		throw new RegistryBadAnswerException("The lookup '" + query.text() + "' ran past " + MAX_PAGES + " pages", 200);
	}

	/**
	 * The names of the services with live instances.
	 * @return the names and the index of the answer
	 */
	Services services() {
		return timed("services", this::readServices);
	}

	private Services readServices() {
		RegistryHttp.Answer answer = expectOk(this.http.send("GET", "v1/services", null));
		ServicesPage body = read(answer, ServicesPage.class);
		if (body.services() == null) {
			throw new RegistryBadAnswerException("The registry's answer has no 'services' list", answer.status());
		}
		List<String> names = new ArrayList<>();
		for (WireService service : body.services()) {
			if (service.name() != null && (service.alive() == null || service.alive() > 0)) {
				names.add(service.name());
			}
		}
		return new Services(List.copyOf(names), body.index());
	}

	/**
	 * Events after an index, waiting for one when {@code wait} is given.
	 * @param index the index seen last, 0 for the newest events
	 * @param wait how long the registry may hold the request, or null to answer at once
	 * @param limit the most events to return
	 * @return the events and the index of the answer
	 */
	Events events(long index, @Nullable Duration wait, int limit) {
		return timed((index > 0 && wait != null) ? "watch" : "sync", () -> readEvents(index, wait, limit));
	}

	private Events readEvents(long index, @Nullable Duration wait, int limit) {
		StringBuilder target = new StringBuilder("v1/events?limit=").append(limit);
		Duration timeout = this.http.requestTimeout();
		if (index > 0 && wait != null) {
			target.append("&index=").append(index).append("&wait=").append(wait.toMillis()).append("ms");
			// As Consul clients do: the registry may add up to wait/16 of jitter.
			timeout = wait.plus(wait.dividedBy(16)).plus(this.http.requestTimeout());
		}
		RegistryHttp.Answer answer = expectOk(this.http.send("GET", target.toString(), null, timeout));
		EventsPage body = read(answer, EventsPage.class);
		if (body.events() == null) {
			throw new RegistryBadAnswerException("The registry's answer has no 'events' list", answer.status());
		}
		List<String> names = new ArrayList<>();
		for (WireEvent event : body.events()) {
			if (event.name() != null) {
				names.add(event.name());
			}
			if (event.previousName() != null) {
				names.add(event.previousName());
			}
		}
		return new Events(body.index(), body.events().size(), List.copyOf(names));
	}

	/**
	 * The JSON of a registration.
	 * @param instance the instance
	 * @return the request body
	 */
	byte[] registrationBody(NewInstance instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", instance.name());
		if (instance.secure()) {
			// The registry keeps the scheme only in a URL.
			body.put("url", "https://" + RegistryInstance.hostPort(instance.host(), instance.port()) + "/");
		}
		else {
			body.put("host", instance.host());
			body.put("port", instance.port());
		}
		body.put("tags", instance.tags());
		if (instance.version() != null) {
			body.put("version", instance.version());
		}
		body.put("labels", instance.labels());
		return this.json.writeValueAsBytes(body);
	}

	private static RegistryHttp.Answer expectOk(RegistryHttp.Answer answer) {
		if (answer.status() == 404) {
			throw new RegistryBadAnswerException(
					answer.uri() + " answered 404: is this the registry's URL (without /v1)?", 404);
		}
		return answer;
	}

	private <T> T read(RegistryHttp.Answer answer, Class<T> type) {
		try {
			T value = this.json.readValue(answer.body(), type);
			if (value == null) {
				throw new RegistryBadAnswerException("The registry answered an empty body", answer.status());
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new RegistryBadAnswerException(
					"The registry's answer is not the JSON its API promises: " + ex.getOriginalMessage(),
					answer.status(), ex);
		}
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * A lookup: one service by name, or the services matching a glob.
	 *
	 * @param text the name or glob
	 * @param glob whether it is a glob
	 */
	record Query(String text, boolean glob) {

		Query {
			Objects.requireNonNull(text, "text");
		}

		@Override
		public String toString() {
			return this.glob ? "glob " + this.text : this.text;
		}

	}

	/**
	 * What a registration did, as the registry says.
	 */
	enum Outcome {

		/** A new endpoint joined. */
		REGISTERED,

		/** A known, live endpoint renewed. */
		RENEWED,

		/** The endpoint moved from another name. */
		MOVED,

		/** The endpoint had expired and is back. */
		REVIVED,

		/** The endpoint renewed with other metadata. */
		UPDATED

	}

	record Instances(List<RegistryInstance> instances, long index) {
	}

	record Services(List<String> names, long index) {
	}

	/**
	 * Events in a watch answer.
	 *
	 * @param index the answer's index
	 * @param count how many events it carried
	 * @param names the service names they touch (moves name both)
	 */
	record Events(long index, int count, List<String> names) {
	}

	record Info(long ttlSeconds, long index) {
	}

	record Registered(@Nullable Outcome outcome) {
	}

	record InstancesPage(long index, @Nullable List<WireInstance> instances) {
	}

	record ServicesPage(long index, @Nullable List<WireService> services) {
	}

	record WireService(@Nullable String name, @Nullable Integer alive) {
	}

	record EventsPage(long index, @Nullable List<WireEvent> events) {
	}

	record WireEvent(@Nullable String name, @Nullable String previousName) {
	}

	record WireInstance(@Nullable String name, @Nullable String host, @Nullable Integer port, @Nullable String url,
			@Nullable List<String> tags, @Nullable String version, @Nullable Map<String, String> labels,
			@Nullable Boolean alive) {

		RegistryInstance toInstance(int status) {
			if (this.name == null || this.host == null || this.port == null) {
				throw new RegistryBadAnswerException(
						"An instance in the registry's answer lacks its name, host or port", status);
			}
			return new RegistryInstance(this.name, this.host, this.port, this.url,
					(this.tags != null) ? this.tags.stream().filter(Objects::nonNull).toList() : List.of(),
					this.version, (this.labels != null) ? withoutNulls(this.labels) : Map.of());
		}

		private static Map<String, String> withoutNulls(Map<String, String> labels) {
			Map<String, String> copy = new LinkedHashMap<>();
			labels.forEach((key, value) -> {
				if (key != null && value != null) {
					copy.put(key, value);
				}
			});
			return copy;
		}

	}

}
