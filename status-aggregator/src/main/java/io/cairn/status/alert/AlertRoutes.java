package io.cairn.status.alert;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.cairn.status.check.TrackedCheck;

/**
 * Which providers a check's alerts go to: those its id is routed to; else those of every
 * routed tag it carries; else the default ones.
 */
class AlertRoutes {

	private final AlertProperties.Routes routes;

	AlertRoutes(AlertProperties.Routes routes) {
		this.routes = routes;
	}

	Set<String> providersFor(TrackedCheck check) {
		List<String> byId = this.routes.checks().get(check.id());
		if (byId != null) {
			return new LinkedHashSet<>(byId);
		}
		Set<String> byTags = new LinkedHashSet<>();
		for (String tag : check.definition().tags()) {
			List<String> providers = this.routes.tags().get(tag);
			if (providers != null) {
				byTags.addAll(providers);
			}
		}
		return byTags.isEmpty() ? new LinkedHashSet<>(this.routes.defaults()) : byTags;
	}

}
