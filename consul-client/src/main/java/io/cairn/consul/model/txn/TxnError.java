package io.cairn.consul.model.txn;

/**
 * Why a transaction was rolled back.
 *
 * @param opIndex the index of the failing operation
 * @param what Consul's message
 */
public record TxnError(int opIndex, String what) {
}
