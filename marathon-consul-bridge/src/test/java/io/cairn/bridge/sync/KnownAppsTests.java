package io.cairn.bridge.sync;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.bridge.mapping.ServiceMapper;
import io.cairn.bridge.marathon.MarathonApp;
import io.cairn.bridge.settings.BridgeProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KnownApps}: which app owns a name several apps map to, as apps come,
 * change and go.
 */
class KnownAppsTests {

	// Opt-in by label, so that an app can leave its names by losing the label.
	private final ServiceMapper mapper = new ServiceMapper(
			new Binder(new MapConfigurationPropertySource(Map.of("cairn.bridge.mapping.opt-in-label", "consul")))
				.bindOrCreate(BridgeProperties.PREFIX, BridgeProperties.class));

	private static MarathonApp app(String id, boolean optedIn) {
		return new MarathonApp(id, optedIn ? Map.of("consul", "true") : Map.of(), null, null, null, null, null,
				List.of(), "1");
	}

	@Test
	void theAppWhoseIdSortsFirstOwnsASharedName() {
		KnownApps known = new KnownApps();
		// All three map to a-b-c; "/a-b-c" sorts first.
		known.replace(List.of(app("/a/b-c", true), app("/a-b-c", true), app("/a-b/c", true), app("/other", true)),
				this.mapper);
		assertThat(known.serviceOwner("/a/b-c")).isEqualTo("/a-b-c");
		assertThat(known.serviceOwner("/a-b/c")).isEqualTo("/a-b-c");
		assertThat(known.kvOwner("/a/b-c")).isEqualTo("/a-b-c");
		assertThat(known.folderOwner("a-b-c")).isEqualTo("/a-b-c");
		assertThat(known.serviceOwner("/other")).isEqualTo("/other");
		assertThat(known.leftOutBy("/a-b-c")).containsExactlyInAnyOrder("/a/b-c", "/a-b/c");
		assertThat(known.leftOutBy("/a-b/c")).isEmpty();
		assertThat(known.usedByAnother("a-b-c", "/a-b-c")).isTrue();
		assertThat(known.usedByAnother("other", "/other")).isFalse();
		assertThat(known.folderOwner("nobody")).isNull();
		// An app not in the list owns whatever it asks about.
		assertThat(known.serviceOwner("/unknown")).isEqualTo("/unknown");
	}

	@Test
	void ownershipPassesOnWhenTheOwnerGoesOrLeavesTheName() {
		KnownApps known = new KnownApps();
		known.replace(List.of(app("/a/b-c", true), app("/a-b-c", true), app("/a-b/c", true)), this.mapper);

		assertThat(known.clashes()).singleElement()
			.isEqualTo(new KnownApps.Clash("a-b-c", "/a-b-c", List.of("/a-b/c", "/a/b-c")));
		assertThat(known.leftOut()).isEqualTo(2);

		known.remove("/a-b-c");
		assertThat(known.serviceOwner("/a/b-c")).isEqualTo("/a-b/c");
		assertThat(known.folderOwner("a-b-c")).isEqualTo("/a-b/c");
		assertThat(known.leftOutBy("/a-b/c")).containsExactly("/a/b-c");
		// The clashes the status answer lists follow each change, not only a new list.
		assertThat(known.clashes()).singleElement()
			.isEqualTo(new KnownApps.Clash("a-b-c", "/a-b/c", List.of("/a/b-c")));

		// "/a-b/c" opts out: it no longer holds the name, "/a/b-c" has it alone.
		known.put(app("/a-b/c", false), this.mapper);
		assertThat(known.serviceOwner("/a/b-c")).isEqualTo("/a/b-c");
		assertThat(known.folderOwner("a-b-c")).isEqualTo("/a/b-c");
		assertThat(known.usedByAnother("a-b-c", "/a/b-c")).isFalse();
		assertThat(known.clashes()).isEmpty();
		assertThat(known.leftOut()).isZero();

		// "/a-b-c" comes back and takes it again.
		known.put(app("/a-b-c", true), this.mapper);
		assertThat(known.serviceOwner("/a/b-c")).isEqualTo("/a-b-c");
		assertThat(known.clashes()).singleElement()
			.satisfies((clash) -> assertThat(clash.leftOut()).containsExactly("/a/b-c"));

		// A new list replaces everything known before.
		known.replace(List.of(app("/a/b-c", true)), this.mapper);
		assertThat(known.serviceOwner("/a/b-c")).isEqualTo("/a/b-c");
		assertThat(known.clashes()).isEmpty();
	}

}
