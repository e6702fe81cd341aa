package io.cairn.support.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium driven headless through its ChromeDriver, with the flags that work as
 * root on a machine with no outside network. The paths come from the system properties
 * {@code cairn.chromium} and {@code webdriver.chrome.driver} (set by the parent POM).
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
	 * Start a browser.
	 * @return the driver; quit it when done
	 */
	public static ChromeDriver start() {
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
