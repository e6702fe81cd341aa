/**
 * ZooKeeper features switched on only when a connect string is configured, and said so in
 * health.
 */
@NullMarked
package io.cairn.support.zookeeper;

import org.jspecify.annotations.NullMarked;
