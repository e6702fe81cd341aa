package io.cairn.consul.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.ObjectReader;

import io.cairn.consul.ResponseMeta;

/**
 * The few ways Consul answers: a JSON document, a JSON list (empty on 404 or
 * {@code null}), {@code true}/{@code false}, or nothing worth reading.
 */
public final class Decoders {

	private Decoders() {
	}

	public static <T> Transport.Reader<T> json(ObjectReader reader) {
		return (status, body, meta) -> {
			T value = reader.readValue(body);
			if (value == null) {
				throw new IllegalArgumentException("the answer was null");
			}
			return value;
		};
	}

	public static <T> Transport.Reader<Optional<T>> optional(ObjectReader reader) {
		return new Transport.Reader<>() {
			@Override
			public Optional<T> read(int status, byte[] body, ResponseMeta meta) {
				return (body.length == 0) ? Optional.empty() : Optional.ofNullable(reader.readValue(body));
			}

			@Override
			public Optional<T> absent() {
				return Optional.empty();
			}
		};
	}

	/** The first element of a JSON list, as the single-item reads of Consul answer. */
	public static <T> Transport.Reader<Optional<T>> first(ObjectReader listReader) {
		return new Transport.Reader<>() {
			@Override
			public Optional<T> read(int status, byte[] body, ResponseMeta meta) {
				List<T> list = (body.length == 0) ? null : listReader.readValue(body);
				return (list == null || list.isEmpty()) ? Optional.empty() : Optional.ofNullable(list.get(0));
			}

			@Override
			public Optional<T> absent() {
				return Optional.empty();
			}
		};
	}

	public static <T> Transport.Reader<List<T>> list(ObjectReader reader) {
		return new Transport.Reader<>() {
			@Override
			public List<T> read(int status, byte[] body, ResponseMeta meta) {
				List<T> list = (body.length == 0) ? null : reader.readValue(body);
				return (list != null) ? list : List.of();
			}

			@Override
			public List<T> absent() {
				return List.of();
			}
		};
	}

	public static <K, V> Transport.Reader<Map<K, V>> map(ObjectReader reader) {
		return new Transport.Reader<>() {
			@Override
			public Map<K, V> read(int status, byte[] body, ResponseMeta meta) {
				Map<K, V> map = (body.length == 0) ? null : reader.readValue(body);
				return (map != null) ? map : Map.of();
			}

			@Override
			public Map<K, V> absent() {
				return Map.of();
			}
		};
	}

	/** {@code true} or {@code false}, as the KV, session and ACL writes answer. */
	public static Transport.Reader<Boolean> bool() {
		return (status, body, meta) -> {
			String text = new String(body, StandardCharsets.UTF_8).strip();
			if ("true".equals(text)) {
				return Boolean.TRUE;
			}
			if ("false".equals(text)) {
				return Boolean.FALSE;
			}
			throw new IllegalArgumentException("expected true or false, got '" + abbreviate(text) + "'");
		};
	}

	/** The answer does not matter (an empty body or a document we do not model). */
	public static Transport.Reader<Boolean> ignore() {
		return (status, body, meta) -> Boolean.TRUE;
	}

	public static Transport.Reader<byte[]> bytes() {
		return new Transport.Reader<>() {
			@Override
			public byte[] read(int status, byte[] body, ResponseMeta meta) {
				return body;
			}

			@Override
			public byte[] absent() {
				return new byte[0];
			}
		};
	}

	public static Transport.Reader<String> text() {
		return (status, body, meta) -> new String(body, StandardCharsets.UTF_8);
	}

	private static String abbreviate(String text) {
		return (text.length() > 40) ? text.substring(0, 40) + "..." : text;
	}

}
