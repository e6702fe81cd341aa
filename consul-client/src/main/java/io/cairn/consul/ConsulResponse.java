package io.cairn.consul;

import java.util.function.Function;

/**
 * A value read from Consul with the metadata of the answer.
 *
 * @param <T> the value type
 * @param value the value (an empty {@code Optional} or list where Consul answered 404)
 * @param meta the metadata: index, known leader, last contact, consistency, cache
 */
public record ConsulResponse<T>(T value, ResponseMeta meta) {

	/**
	 * The raft index of this answer, to pass to a blocking query
	 * ({@link QueryOptions#index(long)} or {@link QueryOptions#after(ResponseMeta)}).
	 * @return the index, 0 when the answer carried none
	 */
	public long index() {
		return this.meta.index();
	}

	/**
	 * The same metadata with a transformed value.
	 * @param <R> the new value type
	 * @param mapper the transformation
	 * @return a new response
	 */
	public <R> ConsulResponse<R> map(Function<? super T, ? extends R> mapper) {
		return new ConsulResponse<>(mapper.apply(this.value), this.meta);
	}

}
