package io.cairn.bridge;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cairn.support.test.ConsoleChecks;
import io.cairn.support.test.HeadlessChrome;
import io.cairn.support.test.NeedsChromium;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as the images, compose and Helm deploy it: actuator on a management port of
 * its own. An idle bridge (nothing configured) is enough: every footer link answers, the
 * version is shown, and the text, the setup warning included, meets WCAG AA contrast.
 */
@NeedsChromium
class ConsoleFooterTests {

	private static WebDriver browser;

	private static TestBridge bridge;

	@BeforeAll
	static void start() {
		bridge = TestBridge.start(Map.of("management.server.port", "0", "spring.application.version", "9.8.7"));
		browser = HeadlessChrome.start();
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (bridge != null) {
			bridge.close();
		}
	}

	@Test
	void footerLinksAnswerOnASeparateManagementPortAndTextMeetsContrast() throws Exception {
		int managementPort = bridge.bean(Environment.class).getRequiredProperty("local.management.port", Integer.class);
		assertThat(managementPort).isNotEqualTo(bridge.port());
		browser.get(bridge.uri("/").toString());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		ConsoleChecks.assertFooterWithSeparateManagementPort(browser, "marathon-consul-bridge", managementPort);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup")));
		assertThat(browser.findElement(By.id("status")).getDomAttribute("aria-live")).isEqualTo("polite");
		assertThat(ConsoleChecks.contrastFailures(browser)).isEmpty();
	}

}
