package io.cairn.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cairn.registry.service.ExpiryReaper;
import io.cairn.support.test.ConsoleChecks;
import io.cairn.support.test.HeadlessChrome;
import io.cairn.support.test.NeedsChromium;
import io.cairn.support.test.MutableClock;
import io.cairn.support.test.SharedPostgres;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as deployed by the images, compose and Helm: actuator on a management port
 * of its own. Every footer link answers (metrics on the management port, health on the
 * app's), the version is shown, and the text, expired rows included, meets WCAG AA
 * contrast. Its own database, since it moves its own clock past the TTL.
 */
@NeedsChromium
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "spring.application.version=9.8.7" })
@Import(TestClockConfiguration.class)
class ConsoleFooterTests {

	private static final String DATABASE = SharedPostgres.newDatabase();

	private static WebDriver browser;

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	MutableClock clock;

	@Autowired
	ExpiryReaper reaper;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> DATABASE);
		registry.add("spring.datasource.username", SharedPostgres::user);
	}

	@BeforeAll
	static void startBrowser() {
		browser = HeadlessChrome.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void footerLinksAnswerOnASeparateManagementPortAndTextMeetsContrast() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		register("footer-expired", "10.9.0.1");
		this.clock.advance(Duration.ofSeconds(120));
		this.reaper.runOnce();
		register("footer-alive", "10.9.0.2");

		browser.get("http://127.0.0.1:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		ConsoleChecks.assertFooterWithSeparateManagementPort(browser, "registry-service", this.managementPort);

		browser.findElement(By.id("show-expired")).click();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#instances tr.expired")));
		wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
		assertThat(browser.findElement(By.id("status")).getDomAttribute("aria-live")).isEqualTo("polite");
		assertThat(ConsoleChecks.contrastFailures(browser)).isEmpty();
	}

	private void register(String name, String host) throws Exception {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[\"" + name + "\",\"" + host
							+ "\",8080]}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.body()).contains("\"result\":true");
	}

}
