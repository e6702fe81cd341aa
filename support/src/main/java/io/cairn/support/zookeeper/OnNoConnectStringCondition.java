package io.cairn.support.zookeeper;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when no ZooKeeper connect string is configured.
 */
class OnNoConnectStringCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String connectString = context.getEnvironment()
			.getProperty(ZookeeperSwitchEnvironmentPostProcessor.CONNECT_STRING);
		return StringUtils.hasText(connectString) ? ConditionOutcome.noMatch("a ZooKeeper connect string is set")
				: ConditionOutcome.match("no ZooKeeper connect string is set");
	}

}
