package io.cairn.registry.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body in memory up to a bound, and gives up (closing the connection)
 * as soon as the body, or its announced length, passes it: a misbehaving server cannot
 * make the client hold more than the bound.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

	private final long maxBytes;

	private final CompletableFuture<byte[]> result = new CompletableFuture<>();

	private final ByteArrayOutputStream collected = new ByteArrayOutputStream();

	private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

	private BoundedBody(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * A body handler that refuses bodies larger than the bound.
	 * @param maxBytes the bound
	 * @return the handler
	 */
	static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
		return (info) -> {
			OptionalLong announced = info.headers().firstValueAsLong("Content-Length");
			if (announced.isPresent() && announced.getAsLong() > maxBytes) {
				return tooLarge(maxBytes, announced.getAsLong());
			}
			return new BoundedBody(maxBytes);
		};
	}

	private static HttpResponse.BodySubscriber<byte[]> tooLarge(long maxBytes, long announced) {
		BoundedBody refused = new BoundedBody(maxBytes);
		refused.result.completeExceptionally(new TooLargeException(maxBytes, announced));
		return refused;
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.result;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.result.isDone()) {
			subscription.cancel();
			return;
		}
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (this.result.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			if (this.collected.size() + (long) buffer.remaining() > this.maxBytes) {
				this.result.completeExceptionally(new TooLargeException(this.maxBytes, -1));
				Flow.Subscription current = this.subscription;
				if (current != null) {
					current.cancel();
				}
				return;
			}
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			this.collected.write(bytes, 0, bytes.length);
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.result.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		this.result.complete(this.collected.toByteArray());
	}

	/**
	 * The body passed the bound.
	 */
	static final class TooLargeException extends IOException {

		TooLargeException(long maxBytes, long announced) {
			super((announced >= 0)
					? "The answer announced " + announced + " bytes, more than the " + maxBytes
							+ " accepted (max-response-size)"
					: "The answer is longer than the " + maxBytes + " bytes accepted (max-response-size)");
		}

	}

}
