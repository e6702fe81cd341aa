/**
 * Checks beyond Megaphone's document: health formats and conditions on HTTP(S) answers,
 * TCP connects and TLS handshakes with certificate expiry, each target passing the target
 * policy.
 */
@NullMarked
package io.cairn.status.probe;

import org.jspecify.annotations.NullMarked;
