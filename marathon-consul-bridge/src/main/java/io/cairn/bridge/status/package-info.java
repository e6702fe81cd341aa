/**
 * What the bridge is doing: recent activity, meters and health indicators.
 */
@NullMarked
package io.cairn.bridge.status;

import org.jspecify.annotations.NullMarked;
