package io.cairn.support.openapi;

import java.util.Properties;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class CairnOpenApiAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CairnOpenApiAutoConfiguration.class))
		.withPropertyValues("spring.application.name=registry-service");

	@Test
	void theDescriptionNamesTheAppItsVersionAndTheBearerSchemeOfItsWriteToken() {
		Properties build = new Properties();
		build.setProperty("version", "1.2.3");
		this.runner.withBean(BuildProperties.class, () -> new BuildProperties(build)).run((context) -> {
			OpenAPI openApi = new OpenAPI();
			context.getBean(OpenApiCustomizer.class).customise(openApi);
			assertThat(openApi.getInfo().getTitle()).isEqualTo("registry-service");
			assertThat(openApi.getInfo().getVersion()).isEqualTo("1.2.3");
			assertThat(openApi.getInfo().getLicense().getName()).isEqualTo("Apache-2.0");
			SecurityScheme scheme = openApi.getComponents()
				.getSecuritySchemes()
				.get(CairnOpenApiAutoConfiguration.WRITE_TOKEN_SCHEME);
			assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
			assertThat(scheme.getScheme()).isEqualTo("bearer");
		});
	}

	@Test
	void writesNameTheSchemeAndReadsDoNot() {
		this.runner.run((context) -> {
			OpenAPI openApi = new OpenAPI().paths(new Paths().addPathItem("/checks",
					new PathItem().get(new Operation()).post(new Operation()).delete(new Operation())));
			context.getBean(OpenApiCustomizer.class).customise(openApi);
			PathItem checks = openApi.getPaths().get("/checks");
			assertThat(checks.getGet().getSecurity()).isNull();
			assertThat(checks.getPost().getSecurity()).singleElement()
				.satisfies((requirement) -> assertThat(requirement)
					.containsKey(CairnOpenApiAutoConfiguration.WRITE_TOKEN_SCHEME));
			assertThat(checks.getDelete().getSecurity()).hasSize(1);
		});
	}

	@Test
	void withoutBuildInfoTheVersionSaysItIsUnknown() {
		this.runner.run((context) -> {
			OpenAPI openApi = new OpenAPI();
			context.getBean(OpenApiCustomizer.class).customise(openApi);
			assertThat(openApi.getInfo().getVersion()).isEqualTo("unknown");
		});
	}

}
