package io.cairn.status;

import java.util.Arrays;

import io.cairn.status.cli.CheckStatusCommand;
import io.cairn.support.jvm.CommonPoolParallelism;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * status-aggregator: {@code java -jar status-aggregator.jar} starts it on port 18001 with
 * an embedded PostgreSQL under {@code ./data/status-aggregator}.
 * {@code java -jar status-aggregator.jar check-status [options]} is the Nagios-style
 * command instead (no server is started).
 */
@SpringBootApplication
public class StatusAggregatorApplication {

	/**
	 * Start the aggregator, or run {@code check-status}.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		CommonPoolParallelism.ensureMinimum();
		if (args.length > 0 && args[0].equals(CheckStatusCommand.NAME)) {
			System.exit(CheckStatusCommand.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(StatusAggregatorApplication.class, args);
	}

}
