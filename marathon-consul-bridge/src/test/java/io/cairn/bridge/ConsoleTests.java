package io.cairn.bridge;

import java.time.Duration;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at {@code /} in a real, headless Chromium: the connections, the role, the
 * counts and the last sync, and events appearing live as Marathon deploys.
 */
@NeedsChromium
class ConsoleTests {

	private static WebDriver browser;

	private static Scenario world;

	@BeforeAll
	static void start() {
		world = Scenario.get();
		browser = HeadlessChrome.start();
	}

	@AfterAll
	static void stop() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void showsTheBridgeAndFollowsEventsLive() throws Exception {
		world.bridge.sync();
		browser.get(world.bridge.uri("/").toString());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		wait.until(ExpectedConditions.attributeToBe(By.id("status"), "data-state", "live"));
		assertThat(browser.findElement(By.id("role")).getText()).isEqualTo("leader");
		assertThat(browser.findElement(By.id("leader")).getText()).contains("this replica (scenario-bridge)");
		assertThat(browser.findElement(By.id("stream")).getText()).startsWith("connected to http://127.0.0.1:");
		assertThat(browser.findElement(By.id("consul")).getText()).contains(world.central.address(), "with fallback",
				"labels in consular/");
		assertThat(browser.findElement(By.id("setup")).isDisplayed()).isFalse();
		wait.until(ExpectedConditions.attributeToBe(By.id("sync-outcome"), "data-outcome", "success"));

		String app = ScenarioTests.app("console");
		world.marathon().createApp("{\"id\":\"" + app + "\"}");
		// The task's instance (the task ID's prefix) is the subject of its events.
		String instanceId = world.marathon().tasks(app).get(0).instanceId();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), instanceId));
		String registrations = browser.findElement(By.id("registrations")).getText();
		assertThat(Integer.parseInt(registrations)).isPositive();
	}

	@Test
	void syncNowSendsTheWriteTokenTheOperatorTyped() {
		browser.get(world.bridge.uri("/").toString());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		wait.until(ExpectedConditions.elementToBeClickable(By.id("sync-now")));
		browser.findElement(By.id("sync-now")).click();
		wait.until(ExpectedConditions.textToBe(By.id("sync-message"), "refused: this bridge needs its write token"));
		browser.findElement(By.id("token")).sendKeys("not-the-token");
		browser.findElement(By.id("sync-now")).click();
		wait.until(ExpectedConditions.textToBe(By.id("sync-message"), "refused: the write token is wrong"));
		browser.findElement(By.id("token")).clear();
		browser.findElement(By.id("token")).sendKeys(Scenario.TOKEN);
		browser.findElement(By.id("sync-now")).click();
		wait.until(ExpectedConditions.textToBe(By.id("sync-message"), "success"));
		// the token stays in the tab, not in the address
		assertThat(browser.getCurrentUrl()).doesNotContain(Scenario.TOKEN);
		assertThat(ConsoleChecks.contrastFailures(browser)).isEmpty();
	}

}
