package io.cairn.bridge.event;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.marathon.MarathonClient;
import io.cairn.bridge.marathon.MarathonLocator;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.status.Activity;
import io.cairn.mesos.marathon.MarathonHttpLeaderLookup;
import io.cairn.testkit.marathon.MarathonSimulator;
import io.cairn.testkit.marathon.MarathonVersion;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consular's callback registration cases: a new subscription, one already present, and a
 * Marathon without callbacks (400), plus the token carried in the URL and removal.
 */
class CallbackSubscriberTests {

	private static MarathonClient client(MarathonSimulator marathon) {
		List<URI> urls = List.of(marathon.baseUrl());
		BridgeProperties.Marathon settings = new Binder(new MapConfigurationPropertySource(Map.of()))
			.bindOrCreate("cairn.bridge.marathon", BridgeProperties.Marathon.class);
		MarathonLocator locator = new MarathonLocator(urls, true, "http", null, MarathonHttpLeaderLookup.of(urls));
		return new MarathonClient(locator, HttpClient.newHttpClient(), settings,
				JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
	}

	@Test
	void subscribesOnceCarriesTheTokenAndUnsubscribes() {
		try (MarathonSimulator marathon = MarathonSimulator.builder()
			.version(MarathonVersion.V1_4)
			.callbacks(true)
			.start()) {
			CallbackSubscriber subscriber = new CallbackSubscriber(client(marathon),
					URI.create("http://bridge-1.example.com:7000/events?registration=the-uuid"), "s3cret",
					Duration.ofHours(1), new Activity(Clock.systemUTC()), new SimpleAsyncTaskSchedulerBuilder());
			String expected = "http://bridge-1.example.com:7000/events?registration=the-uuid&token=s3cret";
			// Only Marathon is given the token; wherever the bridge shows the URL it is
			// masked.
			assertThat(subscriber.callbackUrl())
				.isEqualTo("http://bridge-1.example.com:7000/events?registration=the-uuid&token=***");
			subscriber.check();
			subscriber.check();
			assertThat(marathon.callbackUrls()).containsExactly(expected);
			assertThat(marathon.requests("/v2/eventSubscriptions")).filteredOn((r) -> r.startsWith("POST")).hasSize(1);
			assertThat(subscriber.subscribed()).isTrue();
			subscriber.start();
			subscriber.stop();
			assertThat(marathon.callbackUrls()).isEmpty();
		}
	}

	@Test
	void aMarathonWithoutCallbacksIsReportedNotFatal() {
		try (MarathonSimulator marathon = MarathonSimulator.builder().version(MarathonVersion.V1_4).start()) {
			Activity activity = new Activity(Clock.systemUTC());
			CallbackSubscriber subscriber = new CallbackSubscriber(client(marathon),
					URI.create("http://bridge:7000/events"), null, Duration.ofHours(1), activity,
					new SimpleAsyncTaskSchedulerBuilder());
			subscriber.check();
			assertThat(subscriber.subscribed()).isFalse();
			assertThat(subscriber.lastError()).contains("400", "event_subscriber http_callback");
			assertThat(activity.recentErrors()).hasSize(1);
		}
	}

}
