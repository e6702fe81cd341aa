package io.cairn.registry.jsonrpc;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.cairn.registry.domain.Glob;
import io.cairn.registry.security.WriteGrant;

/**
 * What the calls of one JSON-RPC request (a single call or a batch) share: what the
 * request may write (decided once, when a call first needs it), and the budget of
 * distinct glob lookups.
 */
final class CallContext {

	private final Supplier<WriteGrant> grantSource;

	private final int maxPatterns;

	private final Set<String> patterns = new HashSet<>();

	private @Nullable WriteGrant grant;

	CallContext(Supplier<WriteGrant> grantSource, int maxPatterns) {
		this.grantSource = grantSource;
		this.maxPatterns = maxPatterns;
	}

	/**
	 * What the request may write.
	 */
	WriteGrant grant() {
		WriteGrant decided = this.grant;
		if (decided == null) {
			decided = this.grantSource.get();
			this.grant = decided;
		}
		return decided;
	}

	/**
	 * Count a lookup against the request's budget: a pattern with wildcards costs a scan,
	 * so one request may look up at most {@code cairn.registry.max-batch-patterns}
	 * distinct ones. Exact names (an index lookup) and repeated patterns are free.
	 * @throws JsonRpcException (invalid params) beyond the budget
	 */
	void lookUp(Glob glob) {
		if (glob.literal() || this.patterns.contains(glob.postgresRegex())) {
			return;
		}
		if (this.patterns.size() >= this.maxPatterns) {
			throw RpcParams.invalid("one request may look up at most " + this.maxPatterns
					+ " distinct patterns with wildcards (cairn.registry.max-batch-patterns); "
					+ "send the others in another request");
		}
		this.patterns.add(glob.postgresRegex());
	}

}
