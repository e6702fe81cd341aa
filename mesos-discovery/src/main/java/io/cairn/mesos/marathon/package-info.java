/**
 * Marathon's leader: from ZooKeeper (layouts of Marathon 1.3 and earlier and of 1.4 and
 * later) and over HTTP with {@code GET /v2/leader}.
 */
@NullMarked
package io.cairn.mesos.marathon;

import org.jspecify.annotations.NullMarked;
