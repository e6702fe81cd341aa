package io.cairn.support.console;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /console-info}: the facts a console needs for its footer. The management
 * port is read per request because the management server starts after this bean.
 */
@RestController
public class ConsoleInfoController {

	private final Environment environment;

	private final @Nullable String version;

	/**
	 * Create the controller.
	 * @param environment where the application's name and the bound ports are read
	 * @param build the build's information, when {@code build-info} was generated
	 */
	public ConsoleInfoController(Environment environment, ObjectProvider<BuildProperties> build) {
		this.environment = environment;
		BuildProperties properties = build.getIfAvailable();
		this.version = (properties != null) ? properties.getVersion()
				: environment.getProperty("spring.application.version");
	}

	/**
	 * The console facts.
	 * @return the app's name, version and separate management port
	 */
	@GetMapping(path = "/console-info", produces = "application/json")
	public ConsoleInfo consoleInfo() {
		String application = Objects.requireNonNull(this.environment.getProperty("spring.application.name", "cairn"));
		return new ConsoleInfo(application, this.version, separateManagementPort());
	}

	private @Nullable Integer separateManagementPort() {
		Integer management = this.environment.getProperty("local.management.port", Integer.class);
		Integer server = this.environment.getProperty("local.server.port", Integer.class);
		return (management != null && !management.equals(server)) ? management : null;
	}

}
