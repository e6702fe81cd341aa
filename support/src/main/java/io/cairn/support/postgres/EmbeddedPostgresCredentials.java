package io.cairn.support.postgres;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The two passwords of an embedded PostgreSQL server: its superuser's, which only the
 * process that runs the server uses (to create roles and databases), and the app role's,
 * which the apps connect with. Generated on the first start and kept in a file only its
 * owner can read, in the server's data folder, so that every later start uses the same
 * ones.
 *
 * @param superuserPassword the password of the {@code postgres} superuser
 * @param appPassword the password of the app role
 */
record EmbeddedPostgresCredentials(String superuserPassword, String appPassword) {

	/** The file in the data folder. */
	static final String FILE_NAME = "cairn-credentials.properties";

	/** Owner read and write, nobody else. */
	static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private static final SecureRandom random = new SecureRandom();

	/**
	 * New random passwords (192 bits each, URL-safe characters only, so that they can
	 * stand in a JDBC URL as they are).
	 * @return the credentials
	 */
	static EmbeddedPostgresCredentials generate() {
		return new EmbeddedPostgresCredentials(secret(), secret());
	}

	/**
	 * The credentials kept in a data folder.
	 * @param dataDirectory the server's data folder
	 * @return the credentials, or null when the folder has none yet
	 * @throws IOException when the file exists but cannot be read
	 */
	static @Nullable EmbeddedPostgresCredentials load(Path dataDirectory) throws IOException {
		Path file = dataDirectory.resolve(FILE_NAME);
		if (!Files.isRegularFile(file)) {
			return null;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			properties.load(reader);
		}
		String superuser = properties.getProperty("superuser.password");
		String app = properties.getProperty("app.password");
		if (superuser == null || superuser.isBlank() || app == null || app.isBlank()) {
			throw new IOException(file + " lacks superuser.password or app.password; delete it to have new ones set");
		}
		return new EmbeddedPostgresCredentials(superuser, app);
	}

	/**
	 * Keep these credentials in a data folder, readable by the owner only. The file is
	 * written beside and moved into place, so that a crash never leaves half a file.
	 * @param dataDirectory the server's data folder
	 * @throws IOException when the file cannot be written
	 */
	void save(Path dataDirectory) throws IOException {
		Path file = dataDirectory.resolve(FILE_NAME);
		Path partial = dataDirectory.resolve(FILE_NAME + ".partial");
		Files.deleteIfExists(partial);
		if (posix()) {
			Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		}
		else {
			Files.createFile(partial);
		}
		Properties properties = new Properties();
		properties.setProperty("superuser.password", this.superuserPassword);
		properties.setProperty("app.password", this.appPassword);
		try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.ISO_8859_1)) {
			properties.store(writer,
					"Passwords of this embedded PostgreSQL (written by Cairn; keep this file private)");
		}
		Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * The superuser's password alone in a private temporary file, for {@code initdb
	 * --pwfile}; delete it once the server has started.
	 * @param directory where to create it (not the data folder, which initdb wants empty)
	 * @return the file
	 * @throws IOException when it cannot be written
	 */
	Path writeSuperuserPasswordFile(Path directory) throws IOException {
		Path file = Files.createTempFile(directory, "cairn-pw", ".tmp");
		if (posix()) {
			Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
		Files.writeString(file, this.superuserPassword, StandardCharsets.UTF_8);
		return file;
	}

	/**
	 * Make sure the file kept in a data folder is readable by its owner only, whatever
	 * was done to it since.
	 * @param dataDirectory the server's data folder
	 * @throws IOException when the permissions cannot be set
	 */
	static void restrict(Path dataDirectory) throws IOException {
		Path file = dataDirectory.resolve(FILE_NAME);
		if (posix() && Files.isRegularFile(file)) {
			Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
	}

	@Override
	public String toString() {
		return "EmbeddedPostgresCredentials[***]";
	}

	private static boolean posix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	private static String secret() {
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
