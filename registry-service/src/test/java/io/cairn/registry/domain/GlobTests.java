package io.cairn.registry.domain;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cairn.support.test.SharedPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Globs compiled to PostgreSQL regular expressions, checked on a real PostgreSQL, with
 * the cases where servreg's SQL LIKE got it wrong.
 */
class GlobTests {

	private static Connection connection;

	@BeforeAll
	static void connect() throws Exception {
		connection = DriverManager.getConnection(SharedPostgres.server().jdbcUrl(), SharedPostgres.user(),
				SharedPostgres.password());
	}

	@AfterAll
	static void disconnect() throws Exception {
		connection.close();
	}

	@ParameterizedTest(name = "{0} ~ {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			orders.*        | orders.api    | true
			orders.*        | orders.       | true
			orders.*        | ordersXapi    | false
			*               | anything      | true
			*.api           | billing.api   | true
			orders_api      | orders.api    | false
			orders_api      | orders_api    | true
			orders%         | orders.api    | false
			orders%         | orders%       | true
			ORDERS.API      | orders.api    | false
			orders.ap?      | orders.api    | true
			orders.ap?      | orders.ap     | false
			orders.[a]pi    | orders.api    | true
			orders.[!a]pi   | orders.api    | false
			orders.[!a]pi   | orders.bpi    | true
			orders.[^a]pi   | orders.bpi    | true
			v[0-9]          | v7            | true
			v[0-9]          | vx            | false
			[]]x            | ]x            | true
			[!]]x           | ]x            | false
			[a-]            | -             | true
			a\\*b           | a*b           | true
			a\\*b           | axb           | false
			a[              | a[            | true
			a.b             | axb           | false
			(x)+y           | (x)+y         | true
			(x)+y           | xxy           | false
			$^+{}           | $^+{}         | true
			[.$]z           | $z            | true
			[\\]]x          | ]x            | true
			dépôt-*         | dépôt-1       | true
			tab\\           | tab\\         | true
			""")
	void matchesLikeShellGlobs(String pattern, String name, boolean expected) throws Exception {
		Glob glob = Glob.compile(pattern);
		assertThat(matches(glob, name)).as("%s compiled to %s", pattern, glob.postgresRegex()).isEqualTo(expected);
		if (expected) {
			assertThat(name).startsWith(glob.literalPrefix());
		}
	}

	@Test
	void literalPrefixAndRangeBoundNarrowTheLookup() {
		Glob glob = Glob.compile("orders.*");
		assertThat(glob.literalPrefix()).isEqualTo("orders.");
		assertThat(glob.literal()).isFalse();
		assertThat(glob.prefixUpperBound()).isEqualTo("orders/");
		assertThat(Glob.compile("*.api").literalPrefix()).isEmpty();
		assertThat(Glob.compile("*.api").prefixUpperBound()).isNull();
		assertThat(Glob.compile("a\\*b").literal()).isTrue();
		assertThat(Glob.compile("a\\*b").literalPrefix()).isEqualTo("a*b");
	}

	@Test
	void exactGlobsMatchOnlyTheirName() throws Exception {
		Glob glob = Glob.exact("we*ird[name]");
		assertThat(glob.literal()).isTrue();
		assertThat(matches(glob, "we*ird[name]")).isTrue();
		assertThat(matches(glob, "weXird[name]")).isFalse();
	}

	@Test
	void emptyLongOrControlCharacterPatternsAreRefused() {
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> Glob.compile(""))
			.withMessageContaining("empty");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> Glob.compile("x".repeat(513)))
			.withMessageContaining("longer");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> Glob.compile("a\nb"))
			.withMessageContaining("control");
	}

	private static boolean matches(Glob glob, String name) throws Exception {
		try (PreparedStatement statement = connection.prepareStatement("SELECT (? COLLATE \"C\") ~ ?")) {
			statement.setString(1, name);
			statement.setString(2, glob.postgresRegex());
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getBoolean(1);
			}
		}
	}

}
