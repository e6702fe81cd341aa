package io.cairn.status.api;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cairn.status.testsupport.AppTestBase;
import io.cairn.status.testsupport.CheckEndpoints;
import io.cairn.status.testsupport.TestBeans;
import io.cairn.support.test.ConsoleChecks;
import io.cairn.support.test.HeadlessChrome;
import io.cairn.support.test.NeedsChromium;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as the images, compose and Helm deploy it: actuator on a management port of
 * its own. Every footer link answers, the version is shown, the aggregate is announced to
 * screen readers, and the text, muted rows included, meets WCAG AA contrast.
 */
@NeedsChromium
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "spring.application.version=9.8.7",
				"cairn.status.security.allow-loopback=true", "cairn.status.poll.claim-interval=100ms" })
@Import(TestBeans.class)
class ConsoleFooterTests extends AppTestBase {

	private static final CheckEndpoints endpoints = new CheckEndpoints();

	private static WebDriver browser;

	@LocalManagementPort
	int managementPort;

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
		this.http.post("/checks", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"prod\"]}");
		this.http.post("/checks", "{\"id\": \"quiet\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		awaitPolled("web");
		awaitPolled("quiet");
		assertThat(
				this.http.send("PUT", "/checks/quiet/mute", "application/json", "{\"duration\": \"1h\"}").statusCode())
			.isLessThan(300);

		browser.get("http://127.0.0.1:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		ConsoleChecks.assertFooterWithSeparateManagementPort(browser, "status-aggregator", this.managementPort);

		wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#checks tr.muted")));
		assertThat(browser.findElement(By.id("aggregate-status")).getDomAttribute("aria-live")).isEqualTo("polite");
		assertThat(ConsoleChecks.contrastFailures(browser)).isEmpty();
	}

}
