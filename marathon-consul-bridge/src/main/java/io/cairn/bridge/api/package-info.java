/**
 * The REST API: status, on-demand sync, and the console's data.
 */
@NullMarked
package io.cairn.bridge.api;

import org.jspecify.annotations.NullMarked;
