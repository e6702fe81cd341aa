package io.cairn.status.api;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import io.cairn.status.testsupport.AppTestSupport;
import io.cairn.support.test.HeadlessChrome;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public status page: grouped by tag, states and uptime bars, maintenance windows,
 * read-only and script-free, no messages, documents or URLs; in headless Chromium with
 * JavaScript switched off (skipped, saying why, where Chromium is missing) and as HTML.
 */
class StatusPageTests extends AppTestSupport {

	private ChromeDriver driver;

	@AfterEach
	void quit() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void groupsChecksWithTheirStatesUptimeAndMaintenanceWithoutSecrets() {
		seed();
		HttpResponse<String> page = this.http.get("/status-page", "text/html");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'none'").contains("form-action 'none'"));
		String html = page.body();
		assertThat(html).contains("<section class=\"group\" data-group=\"shop\">")
			.contains("<tr data-id=\"sp-web\">")
			.contains("<tr data-id=\"sp-db\">")
			.contains("<span class=\"state Maintenance\">Maintenance</span>")
			.contains("until ")
			.contains(": disk swap")
			.contains("<meter");
		// read-only and script-free
		assertThat(html).doesNotContainIgnoringCase("<script")
			.doesNotContainIgnoringCase("<form")
			.doesNotContainIgnoringCase("<input")
			.doesNotContainIgnoringCase("<button");
		// no messages, documents, URLs or credentials (H3)
		assertThat(html).doesNotContain("Everything is groovy")
			.doesNotContain("Houston")
			.doesNotContain("127.0.0.1")
			.doesNotContain("secret-pw")
			.doesNotContain("http://");
		// a hostile id is text
		assertThat(html).doesNotContain("<img").contains("&lt;img");
	}

	@Test
	void aScheduledWindowOverAGroupShowsItsChecksInMaintenanceWithItsReason() {
		seed();
		HttpResponse<String> created = this.http.post("/maintenance",
				"{\"id\": \"sp-window\", \"group\": \"shop\", \"duration\": \"1h\", \"reason\": \"rack move\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		try {
			awaitTrue(() -> this.http.get("/status-page").body().contains(": rack move"));
			String html = this.http.get("/status-page").body();
			String web = html.substring(html.indexOf("<tr data-id=\"sp-web\">"));
			assertThat(web.substring(0, web.indexOf("</tr>")))
				.contains("<span class=\"state Maintenance\">Maintenance</span>")
				.contains("until ")
				.contains(": rack move");
			String down = html.substring(html.indexOf("<tr data-id=\"sp-down\">"));
			assertThat(down.substring(0, down.indexOf("</tr>"))).as("a check outside the group")
				.doesNotContain("Maintenance");
		}
		finally {
			this.http.send("DELETE", "/maintenance/sp-window", "application/json", "");
		}
	}

	@Test
	void readableInChromiumWithJavaScriptSwitchedOff() {
		seed();
		this.driver = HeadlessChrome.start();
		this.driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
		this.driver.get("http://127.0.0.1:" + this.port + "/status-page");
		assertThat(this.driver.findElement(By.id("overall")).getText()).isEqualTo("Critical");
		List<WebElement> groups = this.driver.findElements(By.cssSelector("section.group"));
		assertThat(groups).extracting((group) -> group.getAttribute("data-group")).contains("shop", "Other checks");
		WebElement shop = this.driver.findElement(By.cssSelector("section[data-group=shop]"));
		assertThat(shop.findElement(By.cssSelector("h2 .state")).getText()).isEqualTo("Warning");
		List<WebElement> rows = shop.findElements(By.cssSelector("tbody tr"));
		assertThat(rows).extracting((row) -> row.getAttribute("data-id")).containsExactly("sp-web", "sp-db", "sp-old");
		assertThat(rows.get(0).findElement(By.cssSelector(".state")).getText()).isEqualTo("OK");
		assertThat(rows.get(0).findElements(By.tagName("meter"))).hasSize(3);
		assertThat(rows.get(2).getText()).contains("Maintenance").contains("disk swap");
		assertThat(this.driver.findElements(By.tagName("script"))).isEmpty();
		assertThat(this.driver.findElements(By.tagName("form"))).isEmpty();
		assertThat(this.driver.findElement(By.cssSelector("tr[data-id^='x'] td")).getText())
			.isEqualTo("x\"><img&src=x&onerror=alert(1)>");
	}

	private void seed() {
		this.http.post("/checks",
				"{\"id\": \"sp-web\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"shop\"]}");
		this.http.post("/checks",
				"{\"id\": \"sp-db\", \"url\": \"" + endpoints.url("/warning") + "\", \"tags\": [\"shop\"]}");
		assertThat(
				this.http
					.post("/checks",
							"{\"id\": \"sp-old\", \"url\": \"" + endpoints.url("/critical-m")
									+ "\", \"tags\": [\"shop\"]}")
					.statusCode())
			.isEqualTo(201);
		this.http.post("/checks", "{\"id\": \"sp-down\", \"url\": \"" + endpoints.url("/critical") + "\"}");
		HttpResponse<String> hostile = this.http.post("/checks",
				"{\"id\": \"x\\\"><img&src=x&onerror=alert(1)>\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		assertThat(hostile.statusCode()).as(hostile.body()).isIn(200, 201);
		awaitPolled("sp-web");
		awaitPolled("sp-db");
		awaitPolled("sp-down");
		HttpResponse<String> maintenance = this.http.send("PUT", "/checks/sp-old/maintenance", "application/json",
				"{\"duration\": \"2h\", \"note\": \"disk swap\"}");
		assertThat(maintenance.statusCode()).as(maintenance.body()).isEqualTo(200);
		awaitTrue(() -> this.http.get("/status-page").body().contains("data-id=\"sp-web\""));
	}

}
