package io.cairn.support.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class WriteProtectionAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WriteProtectionAutoConfiguration.class));

	@Test
	void crossSiteWritesAreRefusedBeforeTheTokenIsLookedAt() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> crossSite = context.getBean("cairnCrossSiteRequestFilter",
					FilterRegistrationBean.class);
			FilterRegistrationBean<?> bearer = context.getBean("cairnBearerTokenFilter", FilterRegistrationBean.class);
			assertThat(crossSite.getFilter()).isInstanceOf(CrossSiteRequestFilter.class);
			assertThat(bearer.getFilter()).isInstanceOf(BearerTokenFilter.class);
			assertThat(crossSite.getOrder()).isLessThan(bearer.getOrder());
		});
	}

	@Test
	void writesAreClosedToOtherHostsUntilATokenIsSetOrWritesAreOpened() {
		this.runner.run((context) -> assertThat(context.getBean(WritePolicy.class).openToEveryone()).isFalse());
		this.runner.withPropertyValues("cairn.security.open-writes=true")
			.run((context) -> assertThat(context.getBean(WritePolicy.class).openToEveryone()).isTrue());
		this.runner.withPropertyValues("cairn.security.token=s3cret", "cairn.security.open-writes=true")
			.run((context) -> {
				WritePolicy policy = context.getBean(WritePolicy.class);
				assertThat(policy.tokenRequired()).isTrue();
				assertThat(policy.openToEveryone()).as("a token wins over open writes").isFalse();
			});
	}

}
