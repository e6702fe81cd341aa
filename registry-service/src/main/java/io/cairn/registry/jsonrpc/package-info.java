/**
 * servreg's JSON-RPC 2.0 wire protocol on {@code POST /api}: ping, locate_service,
 * get_service_specs.
 */
@NullMarked
package io.cairn.registry.jsonrpc;

import org.jspecify.annotations.NullMarked;
