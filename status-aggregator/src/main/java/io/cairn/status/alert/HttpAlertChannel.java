package io.cairn.status.alert;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import io.cairn.support.security.Redaction;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The providers reached by a JSON POST (webhook, Slack, Teams, PagerDuty): Spring's
 * {@link RestClient} over the JDK's HTTP client, as the module's other outgoing calls
 * (discovery, the aggregate webhooks). Redirects are not followed, so a webhook cannot
 * send an alert (and its secret URL's answer) elsewhere.
 */
abstract class HttpAlertChannel implements AlertChannel {

	private final RestClient client;

	private final Supplier<URI> url;

	private final JsonMapper mapper;

	/**
	 * Create the channel.
	 * @param url the URL, read at each send (a secret's URL can be rotated)
	 * @param timeout how long a call may take, answer included
	 * @param mapper writes the bodies
	 */
	HttpAlertChannel(Supplier<URI> url, Duration timeout, JsonMapper mapper) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
		factory.setReadTimeout(timeout);
		this.client = RestClient.builder().requestFactory(factory).build();
		this.url = url;
		this.mapper = mapper;
	}

	@Override
	public void send(Alert alert) throws Exception {
		byte[] body = this.mapper.writeValueAsBytes(body(alert));
		this.client.post()
			.uri(this.url.get())
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toBodilessEntity();
	}

	/**
	 * The JSON document for a message.
	 * @param alert the message
	 * @return a tree of maps, lists and values
	 */
	abstract Object body(Alert alert);

	@Override
	public String destination() {
		try {
			return origin(this.url.get());
		}
		catch (AlertSendException ex) {
			return String.valueOf(ex.getMessage());
		}
	}

	/**
	 * A URL's origin, for showing.
	 * @param url the URL
	 * @return scheme, host and port
	 */
	static String origin(URI url) {
		String origin = Redaction.urlOrigin(url.toString());
		return (origin != null) ? origin : "(a URL that cannot be shown)";
	}

}
