package io.cairn.registry.api;

import java.util.function.LongFunction;

import io.cairn.registry.service.Registry;
import io.cairn.registry.watch.BlockingQuery;
import io.cairn.registry.watch.WatchHub;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers a read now, or, for a blocking query whose index is current, once the index
 * moves or the wait runs out, without holding a request thread meanwhile. Every answer
 * carries the index in {@value #INDEX_HEADER} (and in the body).
 */
@Component
class WatchResponder {

	/** The response header that carries the change index. */
	static final String INDEX_HEADER = "X-Cairn-Index";

	private final Registry registry;

	private final WatchHub hub;

	WatchResponder(Registry registry, WatchHub hub) {
		this.registry = registry;
		this.hub = hub;
	}

	/**
	 * Answer a possibly blocking read.
	 * @param <T> the body type
	 * @param query the blocking query parameters
	 * @param body reads the answer for a given index
	 * @return the deferred answer
	 */
	<T> DeferredResult<ResponseEntity<T>> respond(BlockingQuery query, LongFunction<T> body) {
		DeferredResult<ResponseEntity<T>> result = new DeferredResult<>(query.waitTime().toMillis());
		long current = this.registry.currentIndex();
		if (!query.blocking() || current > query.index()) {
			result.setResult(answer(current, body));
			return result;
		}
		WatchHub.Waiter waiter = this.hub.await(query.index(), () -> complete(result, body));
		// The answer on timeout must be set before the callback returns, or the container
		// turns the timeout into an error.
		result.onTimeout(() -> {
			this.hub.cancel(waiter);
			complete(result, body);
		});
		result.onCompletion(() -> this.hub.cancel(waiter));
		return result;
	}

	private <T> void complete(DeferredResult<ResponseEntity<T>> result, LongFunction<T> body) {
		if (result.isSetOrExpired() && result.hasResult()) {
			return;
		}
		try {
			result.setResult(answer(this.registry.currentIndex(), body));
		}
		catch (RuntimeException ex) {
			result.setErrorResult(ex);
		}
	}

	private <T> ResponseEntity<T> answer(long index, LongFunction<T> body) {
		return ResponseEntity.ok().header(INDEX_HEADER, Long.toString(index)).body(body.apply(index));
	}

}
