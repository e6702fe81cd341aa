package io.cairn.registry;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cairn.support.test.HeadlessChrome;
import io.cairn.support.test.NeedsChromium;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at {@code /} in a real, headless Chromium: it lists instances and events,
 * refreshes by itself when something registers, and shows client-supplied names as text.
 */
@NeedsChromium
class ConsoleTests extends RegistryTestSupport {

	private static WebDriver browser;

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
	void listsInstancesAndFollowsChangesLive() throws Exception {
		String name = unique("console");
		String hostile = unique("<b>bold</b>");
		ping(name, "10.6.0.1", 8080);
		ping(hostile, "10.6.0.2", 8080);

		browser.get(uri("/").toString());
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		WebElement row = wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#instances tr[data-service='" + name + "']")));
		assertThat(row.findElement(By.cssSelector("td.endpoint")).getText()).isEqualTo("10.6.0.1:8080");
		assertThat(row.findElement(By.cssSelector("td.state-alive")).getText()).isEqualTo("alive");
		assertThat(row.findElement(By.cssSelector("td.age")).getText()).endsWith("ago");

		WebElement hostileCell = wait.until(ExpectedConditions
			.presenceOfElementLocated(By.xpath("//tr[@data-service='" + hostile + "']/td[@class='service']")));
		assertThat(hostileCell.getText()).isEqualTo(hostile);
		assertThat(browser.findElements(By.cssSelector("#instances b"))).isEmpty();

		// Registered after the page loaded: the watch brings it in without a reload.
		ping(name, "10.6.0.3", 8081);
		wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#instances tr[data-service='" + name + "']"),
				2));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), name));
		assertThat(browser.findElement(By.id("status")).getAttribute("data-state")).isEqualTo("live");

		browser.findElement(By.id("filter")).sendKeys(name);
		wait.until(ExpectedConditions.invisibilityOfElementLocated(
				By.cssSelector("#instances tr[data-service='" + hostile.replace("'", "\\'") + "']")));
		assertThat(browser.findElements(By.cssSelector("#instances tbody tr"))).hasSize(2);
	}

}
