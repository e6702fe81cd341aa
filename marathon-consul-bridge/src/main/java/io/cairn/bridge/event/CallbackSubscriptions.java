package io.cairn.bridge.event;

import org.jspecify.annotations.Nullable;

/**
 * The callback subscriber, absent unless {@code events.callback.subscribe} is on (a bean
 * of its own, since a {@code @Bean} method may not return {@code null}).
 *
 * @param subscriber the subscriber, or {@code null}
 */
public record CallbackSubscriptions(@Nullable CallbackSubscriber subscriber) implements AutoCloseable {

	@Override
	public void close() {
		if (this.subscriber != null) {
			this.subscriber.close();
		}
	}

}
