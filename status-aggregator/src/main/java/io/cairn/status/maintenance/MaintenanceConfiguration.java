package io.cairn.status.maintenance;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.cairn.status.config.StatusProperties;
import io.cairn.status.config.StatusTimers;
import io.cairn.status.service.InvalidCheckException;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires scheduled maintenance: the stored windows, those of the configuration, and the
 * schedule the view asks which are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MaintenanceProperties.class)
public class MaintenanceConfiguration {

	@Bean
	MaintenanceStore maintenanceStore(JdbcClient jdbc) {
		return new MaintenanceStore(jdbc);
	}

	@Bean(destroyMethod = "close")
	MaintenanceSchedule maintenanceSchedule(MaintenanceStore store, MaintenanceProperties maintenance,
			StatusProperties properties, Clock clock, StatusTimers timers) {
		MaintenanceSchedule schedule = new MaintenanceSchedule(store, configured(maintenance, properties, clock),
				clock);
		schedule.start(timers.executor(), properties.syncInterval());
		return schedule;
	}

	/**
	 * The configured windows, with the API's bounds: a bad one stops the start naming it.
	 */
	static List<MaintenanceWindow> configured(MaintenanceProperties maintenance, StatusProperties properties,
			Clock clock) {
		List<MaintenanceWindow> windows = new ArrayList<>();
		for (int i = 0; i < maintenance.windows().size(); i++) {
			MaintenanceProperties.Window window = maintenance.windows().get(i);
			try {
				windows.add(WindowRules.window(window.id(), window.check(), window.group(), null, window.cron(),
						window.zone(), window.duration().toString(), window.reason(), properties.limits().maxSilence(),
						clock.instant()));
			}
			catch (InvalidCheckException ex) {
				throw new IllegalArgumentException(
						"cairn.status.maintenance.windows[" + i + "]." + ex.field() + ": " + ex.getMessage(), ex);
			}
		}
		return windows;
	}

}
