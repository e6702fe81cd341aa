package io.cairn.status.api;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

import io.cairn.status.testsupport.AppTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SVG badges: state, uptime and response time per check and per group, with the SVG
 * content type and cache headers; text from ids is escaped, so a hostile id stays text.
 */
class BadgeTests extends AppTestSupport {

	/** The only elements the template produces. */
	private static final Set<String> ELEMENTS = Set.of("svg", "title", "linearGradient", "stop", "clipPath", "rect",
			"g", "text");

	@Test
	void stateUptimeAndResponseTimeBadgesOfACheckAndItsGroup() throws Exception {
		this.http.post("/checks",
				"{\"id\": \"badge-ok\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"badges\"]}");
		this.http.post("/checks",
				"{\"id\": \"badge-warn\", \"url\": \"" + endpoints.url("/warning") + "\", \"tags\": [\"badges\"]}");
		awaitPolled("badge-ok");
		awaitPolled("badge-warn");
		HttpResponse<String> state = svg("/badges/checks/badge-ok/state.svg");
		assertThat(state.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("max-age=60").contains("public"));
		assertThat(state.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((value) -> assertThat(value).contains("default-src 'none'"));
		assertThat(texts(state.body())).containsExactly("badge-ok", "OK");
		assertThat(state.body()).contains("#4c1");
		assertThat(texts(svg("/badges/groups/badges/state.svg").body())).containsExactly("badges", "Warning");

		awaitTrue(() -> texts(svg("/badges/checks/badge-ok/uptime/24h.svg").body()).get(1).equals("100.00%"));
		assertThat(texts(svg("/badges/checks/badge-ok/uptime/7d.svg").body())).containsExactly("badge-ok uptime 7d",
				"100.00%");
		assertThat(texts(svg("/badges/checks/badge-ok/uptime/30d.svg").body()).get(1)).isEqualTo("100.00%");
		assertThat(texts(svg("/badges/checks/badge-ok/response-time/24h.svg").body()).get(1)).endsWith(" ms");
		awaitTrue(() -> texts(svg("/badges/groups/badges/uptime/24h.svg").body()).get(1).equals("100.00%"));
		assertThat(texts(svg("/badges/groups/badges/response-time/30d.svg").body()).get(0))
			.isEqualTo("badges response time 30d");
	}

	@Test
	void aHostileIdIsTextInTheBadgeNeverMarkup() throws Exception {
		String id = "x\"'><script>alert(1)<&svg:onload=alert(2)>";
		HttpResponse<String> created = this.http.post("/checks",
				"{\"id\": \"" + id.replace("\"", "\\\"") + "\", \"url\": \"" + endpoints.url("/ok") + "\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String body = svg("/badges/checks/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/state.svg").body();
		assertThat(body).doesNotContain("<script").contains("&lt;script&gt;");
		Document document = parse(body);
		NodeList all = document.getElementsByTagName("*");
		for (int i = 0; i < all.getLength(); i++) {
			Element element = (Element) all.item(i);
			assertThat(ELEMENTS).as(body).contains(element.getTagName());
			NamedNodeMap attributes = element.getAttributes();
			for (int j = 0; j < attributes.getLength(); j++) {
				assertThat(attributes.item(j).getNodeName()).doesNotStartWith("on");
			}
		}
		assertThat(texts(body).get(0)).isEqualTo(id);
	}

	@Test
	void unknownChecksGroupsAndWindowsAreProblemDetails() {
		this.http.post("/checks",
				"{\"id\": \"badge-x\", \"url\": \"" + endpoints.url("/ok") + "\", \"tags\": [\"bx\"]}");
		problem("/badges/checks/nope/state.svg", 404);
		problem("/badges/groups/nope/state.svg", 404);
		problem("/badges/checks/badge-x/uptime/1y.svg", 400);
		problem("/badges/groups/bx/response-time/365d.svg", 400);
		problem("/badges/groups/a*b/state.svg", 400);
	}

	private void problem(String path, int status) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	private HttpResponse<String> svg(String path) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("image/svg+xml"));
		return response;
	}

	/** The texts of the badge's {@code text} elements: label, value. */
	private static java.util.List<String> texts(String svg) {
		try {
			NodeList texts = parse(svg).getElementsByTagName("text");
			java.util.List<String> values = new java.util.ArrayList<>();
			for (int i = 0; i < texts.getLength(); i++) {
				values.add(texts.item(i).getTextContent());
			}
			return values;
		}
		catch (Exception ex) {
			throw new AssertionError("not well-formed: " + svg, ex);
		}
	}

	private static Document parse(String svg) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

}
