package io.cairn.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * The launcher's version, as the build wrote it into
 * {@code META-INF/build-info.properties} (Spring Boot's {@code build-info} goal), so that
 * {@code --version} names the build that runs rather than printing nothing.
 */
final class BuildVersion implements IVersionProvider {

	static final String BUILD_INFO = "META-INF/build-info.properties";

	@Override
	public String[] getVersion() throws IOException {
		Properties build = new Properties();
		try (InputStream in = BuildVersion.class.getClassLoader().getResourceAsStream(BUILD_INFO)) {
			if (in == null) {
				return new String[] { "cairn (version unknown: built without " + BUILD_INFO + ")" };
			}
			build.load(in);
		}
		String time = build.getProperty("build.time");
		return new String[] { "cairn " + build.getProperty("build.version", "(unknown)")
				+ ((time != null) ? " (built " + time + ")" : "") };
	}

}
