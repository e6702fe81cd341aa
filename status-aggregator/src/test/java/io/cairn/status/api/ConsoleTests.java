package io.cairn.status.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.support.test.HeadlessChrome;
import io.cairn.support.test.NeedsChromium;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at {@code /} in headless Chromium: the aggregate on top, every check with
 * its colour and message, refreshed live.
 */
@NeedsChromium
class ConsoleTests extends AppTestSupport {

	private ChromeDriver driver;

	@AfterEach
	void quit() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void showsTheAggregateAndEveryCheckLive() throws Exception {
		this.http.post("/checks", "{\"id\": \"web\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"prod\"]}");
		this.http.post("/checks", "{\"id\": \"db\", \"url\": \"" + endpoints.url("/warning") + "\"}");
		awaitPolled("web");
		awaitPolled("db");
		this.driver = chrome();
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.driver, Duration.ofSeconds(20));
		wait.until((d) -> d.findElement(By.id("aggregate-status")).getText().equals("Warning"));
		assertThat(this.driver.findElement(By.id("aggregate")).getAttribute("class")).isEqualTo("Warning");
		assertThat(this.driver.findElement(By.id("aggregate-message")).getText())
			.isEqualTo("db:Warning:Houston, I think we have a problem.");
		List<WebElement> rows = this.driver.findElements(By.cssSelector("#checks tr"));
		assertThat(rows).extracting((row) -> row.getAttribute("data-id")).containsExactly("web", "db");
		assertThat(rows.get(0).findElement(By.cssSelector("td.status span")).getAttribute("class")).isEqualTo("OK");
		assertThat(rows.get(0).getText()).contains("Everything is groovy").contains("prod");
		assertThat(rows.get(1).findElement(By.cssSelector("td.message")).getText())
			.isEqualTo("Houston, I think we have a problem.");

		// live: a new Critical check appears without a reload
		this.http.post("/checks", "{\"id\": \"cache\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		wait.until((d) -> d.findElement(By.id("aggregate-status")).getText().equals("Critical"));
		wait.until((d) -> d.findElements(By.cssSelector("#checks tr")).size() == 3);
		Path screenshot = Path.of("target", "console.png");
		Files.write(screenshot, this.driver.getScreenshotAs(OutputType.BYTES));
	}

	static ChromeDriver chrome() {
		// Skips the test, saying why, where Chromium or ChromeDriver is missing.
		return HeadlessChrome.start();
	}

}
