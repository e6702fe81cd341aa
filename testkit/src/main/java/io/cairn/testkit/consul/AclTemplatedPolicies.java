package io.cairn.testkit.consul;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static io.cairn.testkit.consul.ConsulJson.JSON;

/**
 * ACL templated policies (Consul 1.17+): the built-in templates
 * ({@code /v1/acl/templated-policies}, {@code /v1/acl/templated-policy/name/:name}) and
 * the policy a template renders with its variables
 * ({@code /v1/acl/templated-policy/preview/:name}). Three of Consul's templates are
 * simulated: {@code builtin/service}, {@code builtin/node} (both need a {@code Name}) and
 * {@code builtin/dns}.
 */
final class AclTemplatedPolicies {

	private static final String NAMED_SCHEMA = "{\n\t\"type\": \"object\",\n\t\"properties\": {\n\t\t\"name\": { \"type\": "
			+ "\"string\", \"$ref\": \"#/definitions/min-length-one\" }\n\t},\n\t\"required\": [\"name\"],\n\t"
			+ "\"definitions\": {\n\t\t\"min-length-one\": {\n\t\t\t\t\"type\": \"string\",\n\t\t\t\t\"minLength\": 1\n\t\t}\n\t}\n}";

	private final Map<String, Template> templates = new LinkedHashMap<>();

	AclTemplatedPolicies() {
		add(new Template("builtin/service", "Gives the token or role permissions to register a service and "
				+ "discover services in the Consul catalog. It also gives the specified service's sidecar proxy "
				+ "the permission to discover and route traffic to other services.", NAMED_SCHEMA,
				"\nservice \"{{.Name}}\" {\n\tpolicy = \"write\"\n}\nservice \"{{.Name}}-sidecar-proxy\" {\n\tpolicy = "
						+ "\"write\"\n}\nservice_prefix \"\" {\n\tpolicy = \"read\"\n}\nnode_prefix \"\" {\n\tpolicy = \"read\"\n}"));
		add(new Template("builtin/node",
				"Gives the token or role permissions for a register an agent/node into the catalog. A node is "
						+ "typically a consul agent but can also be a physical server, cloud instance or a container.",
				NAMED_SCHEMA,
				"\nnode \"{{.Name}}\" {\n\tpolicy = \"write\"\n}\nservice_prefix \"\" {\n\tpolicy = \"read\"\n}"));
		add(new Template("builtin/dns",
				"ACL templated policy that gives the token or role permissions to lookup services and nodes "
						+ "in the Consul catalog using DNS.",
				"", "\nnode_prefix \"\" {\n\tpolicy = \"read\"\n}\nservice_prefix \"\" {\n\tpolicy = \"read\"\n}\n"
						+ "query_prefix \"\" {\n\tpolicy = \"read\"\n}"));
	}

	private record Template(String name, String description, String schema, String rules) {

		boolean needsName() {
			return !this.schema.isEmpty();
		}

		ObjectNode json() {
			return JSON.createObjectNode()
				.put("TemplateName", this.name)
				.put("Schema", this.schema)
				.put("Template", this.rules)
				.put("Description", this.description);
		}

	}

	private void add(Template template) {
		this.templates.put(template.name(), template);
	}

	/** {@code GET /v1/acl/templated-policies}: every template by name. */
	ApiResponse list() {
		ObjectNode all = JSON.createObjectNode();
		this.templates.forEach((name, template) -> all.set(name, template.json()));
		return ApiResponse.json(all);
	}

	/** {@code GET /v1/acl/templated-policy/name/:name}. */
	ApiResponse read(String name) {
		Template template = this.templates.get(name);
		return (template != null) ? ApiResponse.json(template.json())
				: ApiResponse.text(404, "ACL templated policy not found");
	}

	/**
	 * {@code POST /v1/acl/templated-policy/preview/:name}: the policy the template
	 * renders with the body's variables.
	 */
	ApiResponse preview(ApiRequest r, String name) {
		Template template = this.templates.get(name);
		return (template != null) ? preview(r, template) : ApiResponse.bad("Invalid templated policy Name: " + name);
	}

	private static ApiResponse preview(ApiRequest r, Template template) {
		JsonNode variables = ConsulJson.body(r);
		String name = variables.path("Name").asString("");
		if (template.needsName() && name.isEmpty()) {
			return ApiResponse
				.bad("validation error for templated policy \"" + template.name() + "\": name: Name is required");
		}
		ObjectNode policy = JSON.createObjectNode();
		policy.put("ID", "");
		policy.put("Name", "synthetic-policy-" + UUID.nameUUIDFromBytes((template.name() + name).getBytes()));
		policy.put("Description", "synthetic policy generated from templated policy: " + template.name());
		policy.put("Rules", template.rules().replace("{{.Name}}", name));
		policy.putNull("Datacenters");
		ConsulJson.stamp(policy, 0, 0);
		return ApiResponse.json(policy);
	}

}
