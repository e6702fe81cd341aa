package io.cairn.launcher;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One Cairn app as the launcher runs it.
 *
 * @param name the app's name (its Maven module's folder and
 * {@code spring.application.name})
 * @param jar the runnable jar, relative to the project root
 * @param port the app's standard HTTP port
 * @param database the database it keeps its data in, or null when it needs none
 * @param arguments extra command-line arguments
 * @param page the path of the page the launcher prints for it ({@code /}, its console,
 * for the platform's apps)
 */
public record PlatformApp(String name, Path jar, int port, @Nullable String database, List<String> arguments,
		String page) {

	/**
	 * An app whose page is its console at {@code /}.
	 * @param name the app's name
	 * @param jar the runnable jar, relative to the project root
	 * @param port the app's standard HTTP port
	 * @param database the database it keeps its data in, or null when it needs none
	 * @param arguments extra command-line arguments
	 */
	public PlatformApp(String name, Path jar, int port, @Nullable String database, List<String> arguments) {
		this(name, jar, port, database, arguments, "/");
	}

	/**
	 * The same app on a shifted port.
	 * @param offset added to the port
	 * @return the app
	 */
	public PlatformApp withPortOffset(int offset) {
		return new PlatformApp(this.name, this.jar, this.port + offset, this.database, this.arguments, this.page);
	}

	/**
	 * The app's console on this machine.
	 * @return the console URL
	 */
	public String consoleUrl() {
		return consoleUrl("localhost");
	}

	/**
	 * The app's console (for an example, the page that shows it working).
	 * @param host the host it is reached at
	 * @return the console URL
	 */
	public String consoleUrl(String host) {
		return "http://" + host + ":" + this.port + this.page;
	}

}
