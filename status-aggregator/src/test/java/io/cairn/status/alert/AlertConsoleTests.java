package io.cairn.status.alert;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.cairn.status.check.CheckStatus;
import io.cairn.status.testsupport.AlertTestSupport;
import io.cairn.support.test.HeadlessChrome;
import io.cairn.support.test.NeedsChromium;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's "Alert providers" table in headless Chromium: a provider that is down is
 * shown failing with its last error, by its URL's origin only.
 */
@NeedsChromium
class AlertConsoleTests extends AlertTestSupport {

	private ChromeDriver driver;

	@AfterEach
	void quit() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void aFailingProviderIsShownWithItsLastError() {
		receiver.answer(DOWN_PATH, 500);
		addCheck("console-fragile", CheckStatus.CRITICAL, "fragile");
		awaitTrue(() -> about(DOWN_PATH, "console-fragile").size() == 2
				&& this.http.get("/alerts/providers").body().contains("\"lastError\":\"HTTP 500\""));
		this.driver = HeadlessChrome.start();
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(this.driver, Duration.ofSeconds(20));
		wait.until((d) -> d.findElement(By.id("alert-providers")).isDisplayed());
		String row = this.driver.findElement(By.cssSelector("#alert-provider-rows tr[data-provider='down']")).getText();
		assertThat(row).contains("down (webhook)").contains("failing").contains("HTTP 500").doesNotContain("TOKEN");
		assertThat(this.driver.findElement(By.id("alert-providers")).getText()).contains("hook (webhook)")
			.contains("pager (pagerduty)")
			.doesNotContain("SECRET");
	}

}
