package io.cairn.support.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Completes each app's OpenAPI description: {@code info} names the app and its version
 * (from the build info), and a bearer security scheme describes the write token
 * ({@code cairn.security.token}), so that Swagger UI's "Authorize" can send it with
 * writes. Reads need no token, so the scheme is offered, not required on every operation.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public final class CairnOpenApiAutoConfiguration {

	/** The name of the security scheme in the description. */
	public static final String WRITE_TOKEN_SCHEME = "writeToken";

	@Bean
	OpenApiCustomizer cairnOpenApiCustomizer(Environment environment, ObjectProvider<BuildProperties> build) {
		String name = environment.getProperty("spring.application.name", "cairn");
		BuildProperties properties = build.getIfAvailable();
		@Nullable String version = (properties != null) ? properties.getVersion() : null;
		return (openApi) -> {
			Info info = (openApi.getInfo() != null) ? openApi.getInfo() : new Info();
			info.title(name)
				.version((version != null) ? version : "unknown")
				.description("Cairn " + name + ". Writes (POST, PUT, PATCH, DELETE) need the app's token as "
						+ "`Authorization: Bearer <token>` when cairn.security.token is set; reads are open.")
				.license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"));
			openApi.info(info);
			Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
			components.addSecuritySchemes(WRITE_TOKEN_SCHEME,
					new SecurityScheme().type(SecurityScheme.Type.HTTP)
						.scheme("bearer")
						.description("The app's write token (cairn.security.token)"));
			openApi.components(components);
			if (openApi.getPaths() != null) {
				openApi.getPaths().values().forEach(CairnOpenApiAutoConfiguration::requireTokenOnWrites);
			}
		};
	}

	private static void requireTokenOnWrites(PathItem path) {
		for (Operation write : new Operation[] { path.getPost(), path.getPut(), path.getPatch(), path.getDelete() }) {
			if (write != null) {
				write.addSecurityItem(new SecurityRequirement().addList(WRITE_TOKEN_SCHEME));
			}
		}
	}

}
