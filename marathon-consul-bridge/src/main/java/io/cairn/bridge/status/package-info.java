/**
 * What the bridge reports about itself: recent activity, meters and secret masking. A
 * leaf every step of the flow writes to; the health indicators that read the flow are in
 * {@code api}.
 */
@NullMarked
package io.cairn.bridge.status;

import org.jspecify.annotations.NullMarked;
