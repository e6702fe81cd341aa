package io.cairn.bridge;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The bridge's packages form no cycle, so that its flow reads one way: intake
 * ({@code event}: Marathon's stream and callbacks) → decide ({@code mapping},
 * {@code sync}) → apply ({@code consul}), on the leaves {@code marathon},
 * {@code settings}, {@code status} and {@code leader}; {@code config} only wires.
 */
class PackageCycleTests {

	private static final String ROOT = "io.cairn.bridge";

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void packagesFormNoCycle() {
		slices().assignedFrom(new PackageOfTheBridge()).should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void nothingReachesIntoTheWiring() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".config..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".config..")
			.check(MAIN);
	}

	/**
	 * One slice per package below {@code io.cairn.bridge}, and the root package as one
	 * more (it holds {@code Bridge}, which the flow must not reach back into).
	 */
	private static final class PackageOfTheBridge implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			if (name.equals(ROOT)) {
				return SliceIdentifier.of("(root)");
			}
			if (name.startsWith(ROOT + ".")) {
				return SliceIdentifier.of(name.substring(ROOT.length() + 1).split("\\.")[0]);
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "packages of io.cairn.bridge";
		}

	}

}
