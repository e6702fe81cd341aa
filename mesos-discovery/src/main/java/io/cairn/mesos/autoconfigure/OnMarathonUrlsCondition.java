package io.cairn.mesos.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code cairn.mesos.marathon.urls} lists at least one URL, written as a
 * comma-separated value or as a YAML list.
 */
class OnMarathonUrlsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		List<String> urls = Binder.get(context.getEnvironment())
			.bind("cairn.mesos.marathon.urls", Bindable.listOf(String.class))
			.orElse(List.of());
		return urls.isEmpty() ? ConditionOutcome.noMatch("no cairn.mesos.marathon.urls")
				: ConditionOutcome.match("cairn.mesos.marathon.urls lists " + urls.size() + " URL(s)");
	}

}
