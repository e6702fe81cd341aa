/**
 * Pushed checks (Consul's TTL checks, Gatus's external endpoints): services report their
 * own state with a per-check token; a check without a report within its TTL turns
 * Critical or Unknown.
 */
@NullMarked
package io.cairn.status.push;

import org.jspecify.annotations.NullMarked;
