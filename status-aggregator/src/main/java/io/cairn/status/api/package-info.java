/**
 * HTTP API: Megaphone's routes ({@code /status}, {@code /check/*}), the richer
 * {@code /checks} API and the console's content negotiation.
 */
@NullMarked
package io.cairn.status.api;

import org.jspecify.annotations.NullMarked;
