package io.cairn.registry.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small parsers: {@code Link} headers and the glob filter that decides which cached
 * lookups a change may touch.
 */
class WireFormatTests {

	@Test
	void linkHeadersYieldTheirNextTarget() {
		assertThat(LinkHeader.next(List.of("</v1/instances?cursor=a>; rel=\"next\"")))
			.isEqualTo("/v1/instances?cursor=a");
		assertThat(LinkHeader.next(List.of("</a>; rel=\"prev\", </b>; rel=\"next last\""))).isEqualTo("/b");
		assertThat(LinkHeader.next(List.of("</a>; rel=prev", "</b>; REL=Next"))).isEqualTo("/b");
		assertThat(LinkHeader.next(List.of("</a>; title=\"x, rel=next\"; rel=prev"))).isNull();
		assertThat(LinkHeader.next(List.of("</a>; rel=\"first\""))).isNull();
		assertThat(LinkHeader.next(List.of("garbage", "<unclosed; rel=next"))).isNull();
		assertThat(LinkHeader.next(List.of())).isNull();
	}

	@Test
	void theGlobFilterNeverMissesAName() {
		assertThat(GlobFilter.of("orders.*").mayMatch("orders.api")).isTrue();
		assertThat(GlobFilter.of("orders.*").mayMatch("billing.api")).isFalse();
		assertThat(GlobFilter.of("orders.ap?").mayMatch("orders.api")).isTrue();
		assertThat(GlobFilter.of("orders_api").mayMatch("ordersXapi")).isFalse();
		assertThat(GlobFilter.of("a\\*b").mayMatch("a*b")).isTrue();
		assertThat(GlobFilter.of("a\\*b").mayMatch("axb")).isFalse();
		// From a character class on, anything may match: never a missed change.
		assertThat(GlobFilter.of("orders.[ab]pi").mayMatch("orders.api")).isTrue();
		assertThat(GlobFilter.of("orders.[!a]pi").mayMatch("orders.api")).isTrue();
		assertThat(GlobFilter.of("orders.[ab]pi").mayMatch("billing")).isFalse();
		assertThat(GlobFilter.of("*").mayMatch("line\nbreak")).isTrue();
	}

}
