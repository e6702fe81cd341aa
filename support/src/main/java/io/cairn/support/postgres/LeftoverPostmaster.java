package io.cairn.support.postgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The process a data folder's {@code postmaster.pid} names, judged before a new server
 * starts on that folder.
 * <p>
 * A server whose JVM was killed keeps running and keeps the folder; it is stopped, but
 * only once it is proven to be that folder's postmaster: its executable is
 * {@code postgres} and its working directory is the folder (PostgreSQL changes into its
 * data folder), and no live process holds the folder (zonky's {@code epg-lock}). After a
 * crash or a reboot the recorded pid may belong to anything else by now: such a process
 * is left alone, and only the stale lock file is removed, so that the new server can
 * start. What cannot be proven either way (another user's process, a system without
 * {@code /proc}) is not touched either, and the start fails with a message that says what
 * to check.
 */
final class LeftoverPostmaster {

	/** The lock file PostgreSQL keeps in its data folder. */
	static final String PID_FILE = "postmaster.pid";

	/** The lock file zonky holds in the data folder while its JVM runs the server. */
	static final String ZONKY_LOCK = "epg-lock";

	private static final Log logger = LogFactory.getLog(LeftoverPostmaster.class);

	/** Folders whose server this JVM runs (a lock probe here would release zonky's). */
	private static final Set<Path> ownFolders = ConcurrentHashMap.newKeySet();

	private LeftoverPostmaster() {
	}

	/**
	 * Clear the way for a new server on a folder: stop a proven leftover postmaster,
	 * remove a lock file that names an unrelated process, and refuse when the folder is
	 * in use or its lock file cannot be judged.
	 * @param directory the data folder (absolute, normalized)
	 * @throws IOException when a new server must not start on the folder, with the reason
	 */
	static void clear(Path directory) throws IOException {
		if (ownFolders.contains(directory)) {
			throw new IOException("PostgreSQL on " + directory + " is already running in this process");
		}
		Path pidFile = directory.resolve(PID_FILE);
		Optional<ProcessHandle> recorded = recordedProcess(pidFile);
		if (recorded.isEmpty()) {
			// No lock file, or one whose process is gone: PostgreSQL replaces it itself.
			return;
		}
		ProcessHandle process = recorded.get();
		switch (identify(process, directory)) {
			case OTHER_PROCESS -> {
				logger.warn(PID_FILE + " in " + directory + " names pid " + process.pid() + " ("
						+ process.info().command().orElse("command unknown")
						+ "), which is not a PostgreSQL server of this folder: the file outlived its server and the "
						+ "pid has been reused. Leaving that process alone and removing the stale lock file.");
				Files.deleteIfExists(pidFile);
			}
			case UNKNOWN -> {
				if (process.isAlive()) {
					throw new IOException(PID_FILE + " in " + directory + " names pid " + process.pid()
							+ ", which is running but could not be identified as this folder's PostgreSQL or "
							+ "anything else. If it is a PostgreSQL server of this folder, stop it (pg_ctl stop -D "
							+ directory + "); if it is not, delete " + pidFile + ". Nothing was stopped.");
				}
			}
			case POSTMASTER_OF_THIS_FOLDER -> {
				if (heldByLiveProcess(directory)) {
					throw new IOException("PostgreSQL on " + directory + " (pid " + process.pid()
							+ ") belongs to another running process; stop that process first, or give this one "
							+ "another data folder");
				}
				stop(process, directory);
			}
		}
	}

	/**
	 * Note that this JVM now runs the server on a folder.
	 * @param directory the folder
	 */
	static void claimed(Path directory) {
		ownFolders.add(directory);
	}

	/**
	 * Note that this JVM no longer runs the server on a folder.
	 * @param directory the folder
	 */
	static void released(Path directory) {
		ownFolders.remove(directory);
	}

	/**
	 * What a live process is, as far as this folder is concerned.
	 * @param process the process
	 * @param directory the data folder
	 * @return what it was found to be
	 */
	static Identity identify(ProcessHandle process, Path directory) {
		Path proc = Path.of("/proc", Long.toString(process.pid()));
		if (Files.isDirectory(Path.of("/proc/self"))) {
			try {
				if (!isPostgres(Files.readSymbolicLink(proc.resolve("exe")).toString())) {
					return Identity.OTHER_PROCESS;
				}
				Path workingDirectory = Files.readSymbolicLink(proc.resolve("cwd"));
				return workingDirectory.equals(directory.toRealPath()) ? Identity.POSTMASTER_OF_THIS_FOLDER
						: Identity.OTHER_PROCESS;
			}
			catch (IOException | SecurityException ex) {
				// Another user's process, or it ended meanwhile.
				return Identity.UNKNOWN;
			}
		}
		// No /proc: the command says what the process is, but not which folder it serves.
		Optional<String> command = process.info().command();
		if (command.isPresent() && !isPostgres(command.get())) {
			return Identity.OTHER_PROCESS;
		}
		return Identity.UNKNOWN;
	}

	private static Optional<ProcessHandle> recordedProcess(Path pidFile) throws IOException {
		List<String> lines;
		try {
			lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		if (lines.isEmpty()) {
			return Optional.empty();
		}
		try {
			return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
		}
		catch (NumberFormatException ex) {
			// PostgreSQL reports a lock file it cannot read itself.
			return Optional.empty();
		}
	}

	private static boolean isPostgres(String executable) {
		String path = executable.endsWith(" (deleted)")
				? executable.substring(0, executable.length() - " (deleted)".length()) : executable;
		Path name = Path.of(path).getFileName();
		return name != null && Set.of("postgres", "postgres.exe", "postmaster").contains(name.toString());
	}

	/**
	 * Whether a live JVM still runs the server on this folder: zonky holds
	 * {@code epg-lock} for as long as its JVM runs, and the operating system lets go of
	 * it when that JVM dies, however it dies.
	 */
	private static boolean heldByLiveProcess(Path directory) throws IOException {
		Path lockFile = directory.resolve(ZONKY_LOCK);
		if (!Files.isRegularFile(lockFile)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
	}

	private static void stop(ProcessHandle process, Path directory) {
		logger.warn("Stopping PostgreSQL (pid " + process.pid() + ") left running on " + directory
				+ " by an earlier run that did not stop it");
		// SIGTERM is PostgreSQL's "smart" shutdown; its clients died with the old JVM.
		process.destroy();
		try {
			process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
		catch (Exception ex) {
			process.destroyForcibly();
		}
	}

	/**
	 * What the process a lock file names was found to be.
	 */
	enum Identity {

		/** A {@code postgres} executable whose working directory is the data folder. */
		POSTMASTER_OF_THIS_FOLDER,

		/** Proven not to be this folder's server. */
		OTHER_PROCESS,

		/** Could not be told. */
		UNKNOWN

	}

}
