package io.cairn.support.console;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's footer facts: the management port only when it is a port of its own, and
 * the version from the build.
 */
class ConsoleInfoControllerTests {

	@Test
	void managementPortIsGivenOnlyWhenSeparate() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.application.name", "registry-service")
			.withProperty("local.server.port", "5000");
		ConsoleInfoController controller = new ConsoleInfoController(environment,
				new StaticListableBeanFactory().getBeanProvider(BuildProperties.class));
		assertThat(controller.consoleInfo().managementPort()).isNull();
		environment.setProperty("local.management.port", "5000");
		assertThat(controller.consoleInfo().managementPort()).isNull();
		environment.setProperty("local.management.port", "8081");
		assertThat(controller.consoleInfo()).isEqualTo(new ConsoleInfo("registry-service", null, 8081));
	}

	@Test
	void versionComesFromTheBuild() {
		Properties build = new Properties();
		build.setProperty("version", "1.2.3");
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("buildProperties", new BuildProperties(build));
		ConsoleInfoController controller = new ConsoleInfoController(new MockEnvironment(),
				beans.getBeanProvider(BuildProperties.class));
		assertThat(controller.consoleInfo().version()).isEqualTo("1.2.3");
		assertThat(controller.consoleInfo().application()).isEqualTo("cairn");
	}

	@Test
	void servedByEveryServletApp() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ConsoleAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ConsoleInfoController.class));
	}

}
