package io.cairn.bridge;

import io.cairn.support.jvm.CommonPoolParallelism;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * marathon-consul-bridge: {@code java -jar marathon-consul-bridge.jar} starts it on port
 * 7000. It keeps no data of its own (its state is Marathon's and Consul's); with no
 * Marathon or Consul configured it idles and says what to set.
 */
@SpringBootApplication
public class MarathonConsulBridgeApplication {

	/**
	 * Start the bridge.
	 * @param args command-line arguments
	 */
	public static void main(String[] args) {
		CommonPoolParallelism.ensureMinimum();
		SpringApplication.run(MarathonConsulBridgeApplication.class, args);
	}

}
