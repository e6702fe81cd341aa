package io.cairn.support.postgres;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the user has not pointed the app at a database of their own.
 */
class OnNoDatasourceUrlCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String url = context.getEnvironment().getProperty("spring.datasource.url");
		if (StringUtils.hasText(url)) {
			return ConditionOutcome.noMatch("spring.datasource.url is set");
		}
		return ConditionOutcome.match("spring.datasource.url is not set");
	}

}
