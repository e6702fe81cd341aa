/**
 * What the bridge shows: the REST API (status, on-demand sync, the console's data) and
 * the health indicators.
 */
@NullMarked
package io.cairn.bridge.api;

import org.jspecify.annotations.NullMarked;
