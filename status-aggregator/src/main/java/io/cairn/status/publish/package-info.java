/**
 * Publishing: the aggregate and per-check states to a ZooKeeper znode, and webhooks on
 * aggregate changes.
 */
@NullMarked
package io.cairn.status.publish;

import org.jspecify.annotations.NullMarked;
