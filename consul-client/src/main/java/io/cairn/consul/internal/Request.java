package io.cairn.consul.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.QueryOptions;

/**
 * One call to describe: method, endpoint template (for metrics and errors), encoded path,
 * query string, body and options. Built by the area clients, run by {@link Transport}.
 * Not API: the area clients of {@code io.cairn.consul} use it.
 */
public final class Request {

	final String method;

	final String template;

	final String path;

	private final StringBuilder query = new StringBuilder(64);

	byte @Nullable [] body;

	@Nullable String contentType;

	QueryOptions options = QueryOptions.NONE;

	boolean notFoundIsEmpty;

	int[] answerStatuses = new int[0];

	boolean stream;

	@Nullable Duration timeout;

	boolean consistencyApplies;

	/**
	 * Whether this write may be sent again on a new connection when a kept-alive one
	 * turns out to be closed before any byte of the answer came: its second application
	 * changes nothing (a registration, a plain KV write or delete). Reads always may; the
	 * transport knows them by their method.
	 */
	boolean resendable;

	private Request(String method, String template, String path) {
		this.method = method;
		this.template = template;
		this.path = path;
	}

	/** A read: 404 is an empty answer, and consistency modes apply. */
	public static Request get(String template, String path) {
		Request request = new Request("GET", template, path);
		request.notFoundIsEmpty = true;
		request.consistencyApplies = true;
		return request;
	}

	public static Request put(String template, String path) {
		return new Request("PUT", template, path);
	}

	public static Request post(String template, String path) {
		return new Request("POST", template, path);
	}

	public static Request delete(String template, String path) {
		return new Request("DELETE", template, path);
	}

	public Request options(@Nullable QueryOptions options) {
		this.options = (options != null) ? options : QueryOptions.NONE;
		return this;
	}

	public Request param(String name, @Nullable Object value) {
		if (value != null) {
			this.query.append((this.query.length() == 0) ? "" : "&")
				.append(name)
				.append('=')
				.append(Paths.query(value.toString()));
		}
		return this;
	}

	public Request flag(String name, boolean present) {
		if (present) {
			this.query.append((this.query.length() == 0) ? "" : "&").append(name);
		}
		return this;
	}

	public Request body(byte[] body, String contentType) {
		this.body = body;
		this.contentType = contentType;
		return this;
	}

	/**
	 * Mark a write whose second application changes nothing, so that it may be resent
	 * after a kept-alive connection turned out closed (an agent restart closes every
	 * pooled connection; without this the first write on each of them fails). Never for
	 * session creation, conditional or mixed read-write transactions, check-and-set or
	 * lock writes, events or creations.
	 */
	public Request resendable() {
		this.resendable = true;
		return this;
	}

	public Request notFoundIsEmpty(boolean empty) {
		this.notFoundIsEmpty = empty;
		return this;
	}

	/**
	 * Let the consistency modes apply to a request that is not a GET (a read-only
	 * transaction).
	 * @return this request
	 */
	public Request consistency() {
		this.consistencyApplies = true;
		return this;
	}

	public Request noConsistency() {
		this.consistencyApplies = false;
		return this;
	}

	public Request answers(int... statuses) {
		this.answerStatuses = statuses;
		return this;
	}

	public Request streaming() {
		this.stream = true;
		return this;
	}

	public Request timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	boolean isAnswer(int status) {
		for (int answer : this.answerStatuses) {
			if (answer == status) {
				return true;
			}
		}
		return false;
	}

	StringBuilder query() {
		return this.query;
	}

	boolean idempotent() {
		return "GET".equals(this.method);
	}

}
