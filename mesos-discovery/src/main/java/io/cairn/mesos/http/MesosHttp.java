package io.cairn.mesos.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends calls to the leading Mesos master and follows it:
 * <ul>
 * <li>the master comes from a {@link MasterResolver} (a detector or a fixed URL);</li>
 * <li>a {@code 307} from a master that is not leading (its {@code Location} is
 * protocol-relative, {@code //leaderhost:port/path}) is followed by sending the same body
 * again, at most a few times, but only to the same origin or to a master the resolver
 * knows ({@link MasterResolver#knownMaster}): the credentials and body never go to a host
 * a master's answer names on its own, and a call made over https is never sent over plain
 * http ({@link RedirectRefusedException});</li>
 * <li>a {@code 503} ("No leader elected", "Master has not finished recovery"), a master
 * that cannot be reached, or no known leader are retried with back-off ({@link Backoff}:
 * 100 ms growing to 2 s, with jitter), asking the resolver again each time, until the
 * retry budget is spent;</li>
 * <li>HTTP basic auth is sent up front when credentials are set; TLS comes with the
 * {@link HttpClient} (its {@code SSLContext}) and an {@code https} resolver.</li>
 * </ul>
 */
public final class MesosHttp {

	private static final Logger logger = LoggerFactory.getLogger(MesosHttp.class);

	private static final int MAX_REDIRECTS = 3;

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration LONGEST_RETRY = Duration.ofSeconds(2);

	private final HttpClient http;

	private final MasterResolver resolver;

	private final @Nullable String authorization;

	private final Duration requestTimeout;

	private final Duration retryBudget;

	/**
	 * Creates the plumbing.
	 * @param http the HTTP client (redirects are handled here, so its policy does not
	 * matter)
	 * @param resolver where the leading master is
	 * @param principal the basic auth principal, or {@code null}
	 * @param secret the basic auth secret, or {@code null}
	 * @param requestTimeout how long one request may take to answer (for streams: to
	 * start answering)
	 * @param retryBudget how long to keep retrying while there is no leader
	 */
	public MesosHttp(HttpClient http, MasterResolver resolver, @Nullable String principal, @Nullable String secret,
			Duration requestTimeout, Duration retryBudget) {
		this.http = http;
		this.resolver = resolver;
		this.authorization = (principal != null) ? "Basic " + Base64.getEncoder()
			.encodeToString((principal + ":" + ((secret != null) ? secret : "")).getBytes(StandardCharsets.UTF_8))
				: null;
		this.requestTimeout = requestTimeout;
		this.retryBudget = retryBudget;
	}

	/**
	 * The resolver calls go through.
	 * @return the resolver
	 */
	public MasterResolver resolver() {
		return this.resolver;
	}

	/**
	 * POSTs a JSON body to the leading master and returns its answer once it is neither a
	 * redirect nor a 503.
	 * @param path the API path, such as {@code /api/v1}
	 * @param body the JSON body
	 * @param headers extra headers
	 * @return the answer, with the master that gave it
	 * @throws MesosApiException if no leading master answered within the retry budget
	 * @throws InterruptedException if interrupted
	 */
	public Exchange post(String path, byte[] body, Map<String, String> headers) throws InterruptedException {
		return exchange(path, body, headers, false);
	}

	/**
	 * POSTs a JSON body to a given master only (calls tied to a stream id), following no
	 * redirect.
	 * @param master the master's base URL
	 * @param path the API path
	 * @param body the JSON body
	 * @param headers extra headers
	 * @return the answer
	 * @throws MesosApiException if the master cannot be reached
	 * @throws InterruptedException if interrupted
	 */
	public Exchange postTo(URI master, String path, byte[] body, Map<String, String> headers)
			throws InterruptedException {
		try {
			return send(master, path, body, headers, false);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new MesosApiException("cannot reach " + master + ": " + ex.getMessage(), 0, master, ex);
		}
	}

	/**
	 * Like {@link #post} but for a streaming call: a 200 answer carries the body as a
	 * publisher of buffers (RecordIO), any other status as bytes.
	 * @param path the API path
	 * @param body the JSON body
	 * @param headers extra headers
	 * @return the answer
	 * @throws MesosApiException if no leading master answered within the retry budget
	 * @throws InterruptedException if interrupted
	 */
	public Exchange openStream(String path, byte[] body, Map<String, String> headers) throws InterruptedException {
		return exchange(path, body, headers, true);
	}

	private Exchange exchange(String path, byte[] body, Map<String, String> headers, boolean stream)
			throws InterruptedException {
		long deadline = System.nanoTime() + this.retryBudget.toNanos();
		Backoff backoff = Backoff.within(FIRST_RETRY, LONGEST_RETRY, this.retryBudget);
		String lastProblem = "no leading master known";
		RedirectRefusedException lastRefusal = null;
		URI lastMaster = null;
		while (true) {
			Optional<URI> leader = this.resolver.master(remaining(deadline));
			if (leader.isPresent()) {
				URI target = leader.get();
				lastRefusal = null;
				try {
					for (int redirects = 0;; redirects++) {
						lastMaster = target;
						Exchange exchange = send(target, path, body, headers, stream);
						if (exchange.status() == 307 && redirects < MAX_REDIRECTS) {
							exchange.discard();
							target = redirectTarget(target, exchange.headers().firstValue("Location").orElse(null));
							logger.debug("{} is not leading; following to {}", lastMaster, target);
							continue;
						}
						if (exchange.status() == 503 || exchange.status() == 307) {
							lastProblem = target + " answered " + exchange.status() + " " + exchange.text().trim();
							exchange.discard();
							break;
						}
						return exchange;
					}
				}
				catch (RedirectRefusedException ex) {
					if (ex.reason() == RedirectRefusedException.Reason.DOWNGRADE) {
						throw ex;
					}
					lastRefusal = ex;
					lastProblem = ex.getMessage();
				}
				catch (UnusableRedirect ex) {
					lastProblem = ex.getMessage();
				}
				catch (IOException ex) {
					lastProblem = "cannot reach " + target + ": " + ex;
				}
				catch (IllegalArgumentException ex) {
					// The JDK client refuses the URL (a host it cannot use, such as one
					// with an underscore): another leader may come.
					lastProblem = target + " is not a URL this client can call: " + ex.getMessage();
				}
			}
			logger.debug("Retrying {}: {}", path, lastProblem);
			if (!backoff.pause()) {
				String message = "no leading Mesos master answered " + path + " within " + this.retryBudget + " ("
						+ lastProblem + ")";
				throw (lastRefusal != null) ? new RedirectRefusedException(message, lastMaster, lastRefusal.reason())
						: new MesosApiException(message, 503, lastMaster);
			}
		}
	}

	/**
	 * Where a 307 from a master may be followed: to the same origin, or to a master the
	 * resolver knows (at the URL it uses for that master). Never from https to http, and
	 * never to anyone else: the request carries this client's credentials and body.
	 */
	private URI redirectTarget(URI from, @Nullable String location) throws UnusableRedirect {
		Origin origin = Origin.of(from)
			.orElseThrow(() -> new UnusableRedirect(from + " answered 307 but is not an http(s) URL itself"));
		if (location == null) {
			throw new UnusableRedirect(from + " answered 307 without a Location");
		}
		URI next;
		try {
			next = from.resolve(location.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new UnusableRedirect(from + " answered 307 with a Location that is not a URL");
		}
		Origin nextOrigin = Origin.of(next)
			.orElseThrow(() -> new UnusableRedirect(from + " answered 307 with a Location that is no http(s) URL"));
		Optional<URI> known = this.resolver.knownMaster(next);
		Origin target = known.flatMap(Origin::of).orElse(nextOrigin);
		if (origin.secure() && !target.secure()) {
			throw new RedirectRefusedException(
					from + " redirected to " + target
							+ ": refused, a call made over https is never sent over plain http",
					from, RedirectRefusedException.Reason.DOWNGRADE);
		}
		if (known.isPresent()) {
			return known.get();
		}
		if (nextOrigin.equals(origin)) {
			return from;
		}
		throw new RedirectRefusedException(
				from + " redirected to " + nextOrigin
						+ ", which is not a known master: not followed (the credentials and body were not sent there)",
				from, RedirectRefusedException.Reason.UNKNOWN_MASTER);
	}

	/** A 307 whose Location cannot be followed at all: the master is misbehaving. */
	private static final class UnusableRedirect extends Exception {

		private static final long serialVersionUID = 1L;

		UnusableRedirect(String message) {
			super(message, null, false, false);
		}

	}

	private Exchange send(URI master, String path, byte[] body, Map<String, String> headers, boolean stream)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(master.resolve(path))
			.timeout(this.requestTimeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		headers.forEach(request::header);
		HttpResponse<Body> response = this.http.send(request.build(), (info) -> {
			if (stream && info.statusCode() == 200) {
				return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofPublisher(),
						(publisher) -> new Body(null, publisher));
			}
			return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
					(bytes) -> new Body(bytes, null));
		});
		URI base = URI.create(master.getScheme() + "://" + master.getRawAuthority());
		return new Exchange(base, response.statusCode(), response.headers(), response.body());
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	/**
	 * A response body: bytes, or for a streaming 200 a publisher.
	 *
	 * @param bytes the bytes, when not streaming
	 * @param stream the stream, when streaming
	 */
	public record Body(byte @Nullable [] bytes, Flow.@Nullable Publisher<List<ByteBuffer>> stream) {
	}

	/**
	 * A master's answer.
	 *
	 * @param master the base URL of the master that answered
	 * @param status the HTTP status
	 * @param headers the response headers
	 * @param body the body
	 */
	public record Exchange(URI master, int status, HttpHeaders headers, Body body) {

		/**
		 * The body as text (empty for a stream).
		 * @return the text
		 */
		public String text() {
			byte[] bytes = this.body.bytes();
			return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : "";
		}

		/**
		 * The body bytes (empty for a stream).
		 * @return the bytes
		 */
		public byte[] bytes() {
			byte[] bytes = this.body.bytes();
			return (bytes != null) ? bytes : new byte[0];
		}

		void discard() {
			Flow.Publisher<List<ByteBuffer>> stream = this.body.stream();
			if (stream != null) {
				stream.subscribe(new Flow.Subscriber<>() {
					@Override
					public void onSubscribe(Flow.Subscription subscription) {
						subscription.cancel();
					}

					@Override
					public void onNext(List<ByteBuffer> item) {
					}

					@Override
					public void onError(Throwable throwable) {
					}

					@Override
					public void onComplete() {
					}
				});
			}
		}

	}

}
