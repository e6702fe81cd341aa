package io.cairn.mesos.autoconfigure;

import io.cairn.mesos.zk.InvalidUrlException;
import io.cairn.mesos.zk.MasterLocation;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code cairn.mesos.master} names a ZooKeeper group (directly or through a
 * {@code file://} indirection). A malformed value matches, so that creating the detector
 * fails with the parser's message.
 */
class OnZooKeeperMasterCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String master = context.getEnvironment().getProperty("cairn.mesos.master");
		if (master == null || master.isBlank()) {
			return ConditionOutcome.noMatch("cairn.mesos.master is not set");
		}
		try {
			return (MasterLocation.parse(master) instanceof MasterLocation.ZooKeeper)
					? ConditionOutcome.match("cairn.mesos.master is a ZooKeeper group")
					: ConditionOutcome.noMatch("cairn.mesos.master is a single master");
		}
		catch (InvalidUrlException ex) {
			return ConditionOutcome.match("cairn.mesos.master is malformed: " + ex.getMessage());
		}
	}

}
