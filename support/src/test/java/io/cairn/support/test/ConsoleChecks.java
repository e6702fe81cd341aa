package io.cairn.support.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Checks every Cairn console must pass in a real browser: its footer links answer, and
 * its text meets WCAG AA contrast.
 */
public final class ConsoleChecks {

	/**
	 * WCAG 2.x contrast of every element's own visible text against its effective
	 * background (opacity of the element and its ancestors included), in the page as it
	 * is now. AA asks 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold); disabled
	 * controls are exempt, as WCAG 1.4.3 says.
	 */
	private static final String CONTRAST_SCRIPT = """
			function channel(c) { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }
			function luminance(rgb) { return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]); }
			function parse(color) {
			  const m = color.match(/rgba?\\(([^)]+)\\)/);
			  if (!m) return [0, 0, 0, 0];
			  const p = m[1].split(',').map((x) => parseFloat(x));
			  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
			}
			function blend(top, bottom) {
			  const a = top[3];
			  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
			}
			function background(el) {
			  const layers = [];
			  for (let e = el; e; e = e.parentElement) {
			    const bg = parse(getComputedStyle(e).backgroundColor);
			    if (bg[3] > 0) layers.push(bg);
			    if (bg[3] >= 1) break;
			  }
			  let color = [255, 255, 255, 1];
			  for (let i = layers.length - 1; i >= 0; i--) color = blend(layers[i], color);
			  return color;
			}
			function opacity(el) {
			  let o = 1;
			  for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
			  return o;
			}
			const failures = [];
			for (const el of document.body.querySelectorAll('*')) {
			  const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
			  if (!own || el.getClientRects().length === 0 || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
			  // WCAG 1.4.3 exempts inactive controls (a disabled button)
			  if (el.matches(':disabled')) continue;
			  const style = getComputedStyle(el);
			  if (style.visibility === 'hidden') continue;
			  const bg = background(el);
			  const fg = parse(style.color);
			  const shown = blend([fg[0], fg[1], fg[2], fg[3] * opacity(el)], bg);
			  const l1 = luminance(shown), l2 = luminance(bg);
			  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
			  const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
			  const needed = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
			  if (ratio < needed) {
			    failures.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + el.className : '')
			      + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2) + ':1 (needs ' + needed + ')');
			  }
			}
			return failures;
			""";

	private ConsoleChecks() {
	}

	/**
	 * The version a console shows: the build's ({@code META-INF/build-info.properties},
	 * which the apps' builds generate), or the given one when the build recorded none.
	 * @param fallback the {@code spring.application.version} the test set (the console
	 * tests set 9.8.7)
	 * @return the version expected in the footer
	 */
	public static String expectedVersion(String fallback) throws java.io.IOException {
		try (java.io.InputStream in = ConsoleChecks.class.getClassLoader()
			.getResourceAsStream("META-INF/build-info.properties")) {
			if (in == null) {
				return fallback;
			}
			java.util.Properties build = new java.util.Properties();
			build.load(in);
			return build.getProperty("build.version", fallback);
		}
	}

	/**
	 * The text in the page whose contrast is below WCAG AA.
	 * @param browser a browser showing the console
	 * @return one line per failing element, empty when all pass
	 */
	@SuppressWarnings("unchecked")
	public static List<String> contrastFailures(WebDriver browser) {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(CONTRAST_SCRIPT);
	}

	/**
	 * Wait until the console's footer script ran, then check it as deployed with a
	 * management port of its own: the version shown, the metrics link on that port, and
	 * every footer link answering.
	 * @param browser a browser showing the console at {@code http://127.0.0.1:<port>/}
	 * @param application the app's name, as its footer shows it
	 * @param managementPort the app's management port
	 */
	public static void assertFooterWithSeparateManagementPort(WebDriver browser, String application, int managementPort)
			throws Exception {
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.textToBe(By.id("version"), application + " " + expectedVersion("9.8.7")));
		String metrics = browser.findElement(By.id("link-metrics")).getDomProperty("href");
		if (!("http://127.0.0.1:" + managementPort + "/actuator/prometheus").equals(metrics)) {
			throw new AssertionError(
					"the metrics link is " + metrics + ", not on the management port " + managementPort);
		}
		List<String> broken = brokenFooterLinks(browser);
		if (!broken.isEmpty()) {
			throw new AssertionError("footer links that do not answer: " + broken);
		}
	}

	/**
	 * The footer links of the console that do not answer 200 to a GET.
	 * @param browser a browser showing the console (after its footer script ran)
	 * @return one line per broken link, empty when all answer
	 */
	public static List<String> brokenFooterLinks(WebDriver browser) throws Exception {
		List<String> broken = new ArrayList<>();
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		for (WebElement link : browser.findElements(By.cssSelector("footer a"))) {
			String href = link.getDomProperty("href");
			HttpResponse<Void> answer = http.send(
					HttpRequest.newBuilder(URI.create(href)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.discarding());
			if (answer.statusCode() != 200) {
				broken.add(link.getText() + " -> " + href + " answered " + answer.statusCode());
			}
		}
		return broken;
	}

}
