package io.cairn.support.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven headless through its ChromeDriver, with the flags that work as
 * root on a machine with no outside network. The paths come from the system properties
 * {@code cairn.chromium} and {@code webdriver.chrome.driver} (set by the parent POM from
 * its {@code cairn.chromium} and {@code cairn.chromedriver} properties, so
 * {@code ./mvnw verify -Dcairn.chromium=... -Dcairn.chromedriver=...} points them
 * elsewhere).
 * <p>
 * Where either is missing, {@link #start()} skips the test that asked for a browser (a
 * JUnit assumption, reported as skipped with the reason), so that {@code ./mvnw verify}
 * passes on a machine with only a JDK; CI installs both and runs the browser tests.
 */
public final class HeadlessChrome {

	private HeadlessChrome() {
	}

	/**
	 * Whether Chromium and ChromeDriver are installed.
	 * @return true when both binaries exist
	 */
	public static boolean available() {
		return Files.isExecutable(Path.of(chromium())) && Files.isExecutable(Path.of(chromedriver()));
	}

	/**
	 * Why the browser tests cannot run here.
	 * @return the reason, naming the paths looked at and how to change them
	 */
	public static String missing() {
		return "Browser test skipped: Chromium (" + chromium() + ") or ChromeDriver (" + chromedriver()
				+ ") is not installed. Install Debian's chromium and chromium-driver, or point "
				+ "-Dcairn.chromium=... -Dcairn.chromedriver=... at your own.";
	}

	/**
	 * Start a browser, or skip the calling test (or class, from a {@code @BeforeAll})
	 * when there is none.
	 * @return the driver; quit it when done
	 */
	public static ChromeDriver start() {
		Assumptions.assumeTrue(available(), HeadlessChrome::missing);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,900", "--remote-allow-origins=*", "--no-first-run", "--disable-extensions",
				"--disable-background-networking", "--disable-component-update", "--disable-sync");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver()))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static String chromium() {
		return System.getProperty("cairn.chromium", "/usr/bin/chromium");
	}

	private static String chromedriver() {
		return System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
	}

}
