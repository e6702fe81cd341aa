/**
 * Parsing the {@code --zk} and {@code --master} values Mesos and Marathon take, and the
 * ZooKeeper client and children watch they share.
 */
@NullMarked
package io.cairn.mesos.zk;

import org.jspecify.annotations.NullMarked;
