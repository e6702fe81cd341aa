/**
 * status-aggregator: polls status endpoints and serves one worst-of status, compatible
 * with Megaphone.
 */
@NullMarked
package io.cairn.status;

import org.jspecify.annotations.NullMarked;
