package io.cairn.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cairn}: the entry point of the local launcher ({@code ./cairn up}).
 */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
		subcommands = UpCommand.class, description = "Runs the Cairn platform on this machine.")
public final class CairnCommand {

	/**
	 * Run the command line.
	 * @param args the arguments
	 */
	public static void main(String[] args) {
		System.exit(new CommandLine(new CairnCommand()).execute(args));
	}

}
