package io.cairn.status.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import io.cairn.status.security.BoundedResolver;
import io.cairn.status.security.TargetPolicy;

/**
 * DNS checks: one query ({@code dns://resolver[:port]/name?type=A}) sent with dnsjava to
 * the resolver the check names, whose address passes the target policy like any other
 * target. The answer is the response code and the data of the records of the type asked
 * for.
 */
final class DnsProbe {

	/** The record types a check may ask for. */
	static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT", "CAA");

	private static final int MAX_NAME = 253;

	private final TargetPolicy policy;

	DnsProbe(TargetPolicy policy) {
		this.policy = policy;
	}

	/**
	 * What a DNS check asks.
	 *
	 * @param resolver the resolver's host
	 * @param port its port
	 * @param name the name asked about
	 * @param type the record type
	 */
	record Query(String resolver, int port, String name, String type) {

		/**
		 * Read a DNS check's URL.
		 * @param uri {@code dns://resolver[:port]/name[?type=TYPE]}
		 * @return the query
		 * @throws IllegalArgumentException saying what is wrong
		 */
		static Query of(URI uri) {
			String path = uri.getPath();
			if (path == null || path.length() < 2) {
				throw new IllegalArgumentException("a dns URL names what to look up: dns://resolver/name?type=A");
			}
			String name = path.substring(1);
			if (name.length() > MAX_NAME) {
				throw new IllegalArgumentException("the name is longer than " + MAX_NAME + " characters");
			}
			try {
				Name.fromString(name, Name.root);
			}
			catch (TextParseException ex) {
				throw new IllegalArgumentException("'" + name + "' is not a DNS name");
			}
			String type = "A";
			String query = uri.getQuery();
			if (query != null) {
				if (!query.regionMatches(true, 0, "type=", 0, 5) || query.indexOf('&') >= 0) {
					throw new IllegalArgumentException("the only query parameter of a dns URL is type");
				}
				type = query.substring(5).toUpperCase(Locale.ROOT);
			}
			if (!TYPES.contains(type)) {
				throw new IllegalArgumentException(
						"type must be one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
			}
			return new Query(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 53, name, type);
		}

	}

	/**
	 * What a query found.
	 *
	 * @param rcode the response code ({@code NOERROR}, {@code NXDOMAIN}, ...)
	 * @param answers the data of the answer records of the type asked for
	 * @param latencyMillis how long it took
	 */
	record Answer(String rcode, List<String> answers, long latencyMillis) {

	}

	Answer ask(Query query, long deadlineNanos) throws IOException {
		long started = System.nanoTime();
		String host = query.resolver();
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		InetAddress[] addresses = BoundedResolver.withDeadline(deadlineNanos, () -> this.policy.resolve(bare));
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining <= 0) {
			throw new SocketProbes.DeadlineException();
		}
		SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(addresses[0], query.port()));
		resolver.setTimeout(Duration.ofNanos(remaining));
		int type = Type.value(query.type());
		Message request = Message.newQuery(Record.newRecord(Name.fromString(query.name(), Name.root), type, DClass.IN));
		Message response;
		try {
			response = resolver.send(request);
		}
		catch (java.net.SocketTimeoutException ex) {
			throw new SocketProbes.DeadlineException();
		}
		List<String> answers = new ArrayList<>();
		for (Record record : response.getSection(Section.ANSWER)) {
			if (record.getType() == type && answers.size() < 50) {
				answers.add(record.rdataToString());
			}
		}
		return new Answer(Rcode.string(response.getRcode()), answers,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

}
