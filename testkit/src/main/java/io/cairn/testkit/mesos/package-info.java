/**
 * Simulated Mesos masters and Marathon instances: the znodes each generation writes to
 * ZooKeeper ({@link io.cairn.testkit.mesos.ZkMasterContender},
 * {@link io.cairn.testkit.mesos.ZkMarathonInstance}) and the masters' HTTP API
 * ({@link io.cairn.testkit.mesos.MesosMasterSimulator}), written from the Mesos and
 * Marathon documents in {@code shared/reference}.
 */
@NullMarked
package io.cairn.testkit.mesos;

import org.jspecify.annotations.NullMarked;
