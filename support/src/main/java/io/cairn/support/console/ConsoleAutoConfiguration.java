package io.cairn.support.console;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code /console-info} endpoint every Cairn console reads.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class ConsoleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsoleInfoController consoleInfoController(Environment environment, ObjectProvider<BuildProperties> build) {
		return new ConsoleInfoController(environment, build);
	}

}
