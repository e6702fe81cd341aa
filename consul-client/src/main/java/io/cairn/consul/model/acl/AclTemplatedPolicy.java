package io.cairn.consul.model.acl;

import org.jspecify.annotations.Nullable;

/**
 * A built-in templated policy ({@code /acl/templated-policy}, Consul 1.17+), for example
 * {@code builtin/service}: rules with variables, filled in when a token or role names it.
 *
 * @param templateName the name
 * @param schema the JSON schema of its variables, empty when it has none
 * @param template the rules, with {@code {{.Name}}} where a variable goes
 * @param description what it grants
 */
public record AclTemplatedPolicy(String templateName, @Nullable String schema, String template,
		@Nullable String description) {
}
