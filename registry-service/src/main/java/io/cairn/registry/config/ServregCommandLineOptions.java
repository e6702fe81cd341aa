package io.cairn.registry.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.cairn.support.security.Redaction;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * servreg's command-line options, so that its start scripts keep working:
 * <ul>
 * <li>{@code --host=ADDR} → {@code server.address}</li>
 * <li>{@code --port=N} → {@code server.port}</li>
 * <li>{@code --dburl=URL} → {@code spring.datasource.url} (a JDBC URL, or servreg's
 * SQLAlchemy form {@code postgresql[+driver]://user:password@host:port/db})</li>
 * <li>{@code --accesslog=FILE} → the Tomcat access log, written to that file</li>
 * </ul>
 * Only real command-line arguments count: a {@code HOST} or {@code PORT} environment
 * variable (which shells and platforms set for their own reasons) changes nothing.
 */
public class ServregCommandLineOptions implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "servregCommandLineOptions";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		PropertySource<?> arguments = environment.getPropertySources()
			.get(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);
		if (arguments == null) {
			return;
		}
		Map<String, Object> mapped = new LinkedHashMap<>();
		String host = value(arguments, "host");
		if (host != null) {
			mapped.put("server.address", host);
		}
		String port = value(arguments, "port");
		if (port != null) {
			if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
				throw new InvalidCommandLineOptionException("--port=" + port, "a port number from 0 to 65535");
			}
			mapped.put("server.port", port);
		}
		String dburl = value(arguments, "dburl");
		if (dburl != null) {
			mapped.putAll(datasource(dburl));
		}
		String accessLog = value(arguments, "accesslog");
		if (accessLog != null) {
			mapped.putAll(accessLog(accessLog));
		}
		if (!mapped.isEmpty()) {
			// Right after the command line, so that these beat application.yaml.
			environment.getPropertySources()
				.addAfter(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
						new MapPropertySource(PROPERTY_SOURCE_NAME, mapped));
		}
	}

	private static @Nullable String value(PropertySource<?> arguments, String name) {
		Object value = arguments.getProperty(name);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * A JDBC URL passes through; servreg's SQLAlchemy form is translated.
	 */
	static Map<String, Object> datasource(String dburl) {
		Map<String, Object> properties = new LinkedHashMap<>();
		if (dburl.startsWith("jdbc:postgresql:")) {
			properties.put("spring.datasource.url", dburl);
			return properties;
		}
		String lower = dburl.toLowerCase(Locale.ROOT);
		if (!(lower.startsWith("postgresql://") || lower.startsWith("postgres://")
				|| lower.startsWith("postgresql+"))) {
			throw new InvalidCommandLineOptionException("--dburl=" + redacted(dburl),
					"a PostgreSQL URL: jdbc:postgresql://host:port/db or postgresql://user:password@host:port/db "
							+ "(registry-service keeps its data in PostgreSQL; SQLite and MySQL are not supported)");
		}
		if (!dburl.contains("://")) {
			throw new InvalidCommandLineOptionException("--dburl=" + redacted(dburl),
					"a URL such as postgresql://user:password@host:port/db");
		}
		URI uri;
		try {
			uri = new URI("postgresql" + dburl.substring(dburl.indexOf("://")));
		}
		catch (URISyntaxException ex) {
			throw new InvalidCommandLineOptionException("--dburl=" + redacted(dburl),
					"a valid URL (percent-encode reserved characters of the user name and password, such as %40 for @)");
		}
		if (uri.getHost() == null) {
			throw new InvalidCommandLineOptionException("--dburl=" + redacted(dburl), "a URL with a host");
		}
		String database = (uri.getPath() != null && uri.getPath().length() > 1) ? uri.getPath().substring(1)
				: "postgres";
		String jdbc = "jdbc:postgresql://" + uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "") + "/"
				+ database + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		properties.put("spring.datasource.url", jdbc);
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			String user = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
			try {
				properties.put("spring.datasource.username", URLDecoder.decode(user, StandardCharsets.UTF_8));
				if (colon >= 0) {
					properties.put("spring.datasource.password",
							URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
				}
			}
			catch (IllegalArgumentException ex) {
				// The decoder's message quotes the bad escape, which is part of the
				// password.
				throw new InvalidCommandLineOptionException("--dburl=" + redacted(dburl),
						"a user name and password with valid percent-encoding (such as %40 for @)");
			}
		}
		return properties;
	}

	/**
	 * The URL as it may be shown in a start-up failure: without the password. A URL that
	 * does not parse may hold a password with unencoded reserved characters, so
	 * everything between the user name and the last {@code @} is hidden.
	 */
	static String redacted(String dburl) {
		int start = dburl.indexOf("://");
		int at = dburl.lastIndexOf('@');
		if (start < 0 || at < start) {
			return Objects.requireNonNull(Redaction.url(dburl));
		}
		String userInfo = dburl.substring(start + 3, at);
		int colon = userInfo.indexOf(':');
		String user = (colon >= 0) ? userInfo.substring(0, colon) + ":" + Redaction.MASK : userInfo;
		return Objects.requireNonNull(Redaction.url(dburl.substring(0, start + 3) + user + dburl.substring(at)));
	}

	static Map<String, Object> accessLog(String file) {
		if (file.isBlank()) {
			throw new InvalidCommandLineOptionException("--accesslog=", "a file name");
		}
		Path path = Path.of(file).toAbsolutePath().normalize();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.tomcat.accesslog.enabled", "true");
		properties.put("server.tomcat.accesslog.directory",
				Objects.requireNonNull(path.getParent(), "a file in a directory").toString());
		properties.put("server.tomcat.accesslog.prefix", path.getFileName().toString());
		properties.put("server.tomcat.accesslog.suffix", "");
		properties.put("server.tomcat.accesslog.rotate", "false");
		return properties;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
