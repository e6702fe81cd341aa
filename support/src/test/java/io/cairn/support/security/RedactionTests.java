package io.cairn.support.security;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTests {

	@Test
	void urlsLoseTheirPasswordsAndSecretParameters() {
		assertThat(Redaction.url("http://bridge:7000/events?token=s3cret"))
			.isEqualTo("http://bridge:7000/events?token=***");
		assertThat(Redaction.url("postgresql://cairn:pa%zz@db:5432/cairn?sslmode=require&password=x&api_key=y"))
			.isEqualTo("postgresql://cairn:***@db:5432/cairn?sslmode=require&password=***&api_key=***");
		assertThat(Redaction.url("https://user@host/x?page=2")).isEqualTo("https://user@host/x?page=2");
		assertThat(Redaction.url("http://h/x?X-Amz-Signature=abc&access_token=t&keyword=k"))
			.isEqualTo("http://h/x?X-Amz-Signature=***&access_token=***&keyword=k");
		assertThat(Redaction.url(null)).isNull();
	}

	@Test
	void textRedactsEveryUrlInIt() {
		assertThat(Redaction.text("Subscribing http://b/events?token=abc failed: 500 from http://u:p@m/v2"))
			.isEqualTo("Subscribing http://b/events?token=*** failed: 500 from http://u:***@m/v2");
	}

	@Test
	void webhookUrlsKeepOnlyTheirOrigin() {
		assertThat(Redaction.urlOrigin("https://hooks.slack.com/services/T000/B000/XXXX"))
			.isEqualTo("https://hooks.slack.com/***");
		assertThat(Redaction.urlOrigin("http://alerts.internal:8080")).isEqualTo("http://alerts.internal:8080");
		assertThat(Redaction.urlOrigin("http://alerts.internal:8080/?k=v"))
			.isEqualTo("http://alerts.internal:8080/***");
		assertThat(Redaction.urlOrigin("not a url")).isEqualTo("***");
	}

	@Test
	void knownSecretsAreHiddenWherever() {
		assertThat(Redaction.secrets("Token s3cret rejected by agent", Arrays.asList("s3cret", null, "")))
			.isEqualTo("Token *** rejected by agent");
	}

}
