package io.cairn.registry.api;

import java.util.function.LongFunction;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import io.cairn.registry.service.Registry;
import io.cairn.registry.watch.BlockingQuery;
import io.cairn.registry.watch.SharedReads;
import io.cairn.registry.watch.WatchHub;
import io.cairn.registry.watch.WatchLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers a read now, or, for a watch (a request with an {@code index}), once the index
 * passes the one the client has seen or the wait runs out, without holding a request
 * thread meanwhile. Every answer carries the index in {@value #INDEX_HEADER} (and in the
 * body).
 * <p>
 * A watch takes a place within {@link WatchLimits} (429 beyond them) and is answered
 * through {@link SharedReads}: on a few threads of their own, one read per query per
 * change however many clients watch it. A plain read (no index) is answered on its
 * request thread, as any other request.
 */
@Component
class WatchResponder {

	/** The response header that carries the change index. */
	static final String INDEX_HEADER = "X-Cairn-Index";

	/**
	 * How long past its wait a watch may stay unanswered (its read queued behind others)
	 * before it is answered 503.
	 */
	private static final long ANSWER_GRACE_MILLIS = 30_000;

	private final Registry registry;

	private final WatchHub hub;

	private final WatchLimits limits;

	private final SharedReads reads;

	WatchResponder(Registry registry, WatchHub hub, WatchLimits limits, SharedReads reads) {
		this.registry = registry;
		this.hub = hub;
		this.limits = limits;
		this.reads = reads;
	}

	/**
	 * Answer a possibly blocking read.
	 * @param <T> the body type
	 * @param request the request (its remote address counts against the per-client bound)
	 * @param key what identifies the query: the endpoint and every parameter that shapes
	 * the answer, so that watches with the same key can share one read
	 * @param query the blocking query parameters
	 * @param body reads the answer for a given index
	 * @return the deferred answer
	 */
	<T> DeferredResult<ResponseEntity<T>> respond(HttpServletRequest request, String key, BlockingQuery query,
			LongFunction<Reply<T>> body) {
		if (!query.blocking()) {
			DeferredResult<ResponseEntity<T>> result = new DeferredResult<>();
			result.setResult(answer(this.registry.currentIndex(), body));
			return result;
		}
		WatchLimits.Permit permit = this.limits.acquire(request.getRemoteAddr());
		DeferredResult<ResponseEntity<T>> result = new DeferredResult<>(
				query.waitTime().toMillis() + ANSWER_GRACE_MILLIS, (Object) delayed());
		try {
			WatchHub.Waiter waiter = this.hub.await(query.index(), query.waitTime(),
					() -> this.reads.read(key, () -> answer(this.hub.index(), body),
							(@Nullable ResponseEntity<T> answer, @Nullable Throwable failure) -> {
								if (failure != null) {
									result.setErrorResult(failure);
								}
								else {
									result.setResult(answer);
								}
							}));
			result.onCompletion(() -> {
				this.hub.cancel(waiter);
				permit.release();
			});
		}
		catch (RuntimeException ex) {
			permit.release();
			throw ex;
		}
		return result;
	}

	private static <T> ResponseEntity<T> answer(long index, LongFunction<Reply<T>> body) {
		Reply<T> reply = body.apply(index);
		ResponseEntity.BodyBuilder builder = ResponseEntity.ok().header(INDEX_HEADER, Long.toString(index));
		if (reply.link() != null) {
			builder.header(HttpHeaders.LINK, reply.link());
		}
		return builder.body(reply.body());
	}

	private static ResponseEntity<ProblemDetail> delayed() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The answer to this watch is delayed by many others; retry shortly.");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	/**
	 * An answer's body, and its {@code Link} header when it has one.
	 *
	 * @param <T> the body type
	 * @param body the body
	 * @param link the {@code Link} header value, or null
	 */
	record Reply<T>(T body, @Nullable String link) {

		static <T> Reply<T> of(T body) {
			return new Reply<>(body, null);
		}

	}

}
