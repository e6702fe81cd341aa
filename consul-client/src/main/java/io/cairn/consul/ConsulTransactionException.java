package io.cairn.consul;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.cairn.consul.model.txn.TxnError;

/**
 * A transaction was rolled back (409): {@link #errors()} says which operations failed and
 * why.
 */
public class ConsulTransactionException extends ConsulConflictException {

	private final List<TxnError> errors;

	/**
	 * Create an exception.
	 * @param errors the per-operation errors
	 * @param body the answer's body
	 * @param endpoint the endpoint template
	 */
	public ConsulTransactionException(List<TxnError> errors, byte[] body, @Nullable String endpoint) {
		super(409, body, endpoint);
		this.errors = List.copyOf(errors);
	}

	/**
	 * The operations that failed.
	 * @return the errors, in operation order
	 */
	public List<TxnError> errors() {
		return this.errors;
	}

	@Override
	public String getMessage() {
		return "transaction rolled back: " + this.errors.stream()
			.map((error) -> "op " + error.opIndex() + ": " + error.what())
			.collect(Collectors.joining("; "));
	}

}
