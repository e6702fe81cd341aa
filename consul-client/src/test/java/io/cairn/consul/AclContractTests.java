package io.cairn.consul;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cairn.consul.AbstractSimulatedAgentTests.Agent;
import io.cairn.consul.model.acl.AclAuthMethod;
import io.cairn.consul.model.acl.AclBindType;
import io.cairn.consul.model.acl.AclBindingRule;
import io.cairn.consul.model.acl.AclLink;
import io.cairn.consul.model.acl.AclPolicy;
import io.cairn.consul.model.acl.AclRole;
import io.cairn.consul.model.acl.AclTemplatedPolicy;
import io.cairn.consul.model.acl.AclToken;
import io.cairn.consul.model.acl.LegacyAcl;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ACL endpoints with ACLs enforced: tokens (self, clone), policies, roles, bootstrap,
 * replication, the legacy API, and token rejection as a typed 403.
 */
@Agent(aclToken = AclContractTests.MANAGEMENT, legacyAcl = true)
class AclContractTests extends AbstractSimulatedAgentTests {

	static final String MANAGEMENT = "11111111-2222-3333-4444-555555555555";

	@Test
	void theTokenTravelsInTheHeaderNotTheUrl() {
		consul.kv().put("acl/x", "1");
		RecordedSupport.assertHeader(simulator, "/v1/kv/acl/x", "X-Consul-Token", MANAGEMENT);
		assertThat(simulator.requests("/v1/kv/acl/x").get(0).param("token")).isNull();
	}

	@Test
	void legacyAgentsCanGetTheTokenInTheQuery() {
		try (Consul old = Consul.builder().address(simulator.address()).token(MANAGEMENT).tokenInQuery(true).build()) {
			old.kv().put("acl/legacy-query", "1");
		}
		RecordedSupport.assertParam(simulator, "/v1/kv/acl/legacy-query", "token", MANAGEMENT);
	}

	@Test
	void missingOrRejectedTokensAreTypedErrors() {
		try (Consul anonymous = Consul.builder().address(simulator.address()).build()) {
			assertThatThrownBy(() -> anonymous.kv().get("acl/x")).isInstanceOfSatisfying(ConsulAclException.class,
					(ex) -> assertThat(ex.status()).isEqualTo(403));
			assertThat(anonymous.status().leader()).as("status needs no token").isNotEmpty();
		}
		simulator.faults().rejectToken("revoked-token");
		assertThatThrownBy(() -> consul.kv().get("acl/x", QueryOptions.NONE.token("revoked-token")))
			.isInstanceOfSatisfying(ConsulAclException.class,
					(ex) -> assertThat(ex.bodyText()).contains("ACL not found"));
		simulator.faults().clear();
	}

	@Test
	void tokensPoliciesAndRoles() {
		AclPolicy policy = consul.acl().createPolicy(AclPolicy.of("kv-read", "key_prefix \"\" { policy = \"read\" }"));
		assertThat(policy.id()).isNotBlank();
		assertThat(consul.acl().readPolicyByName("kv-read", QueryOptions.NONE).value().orElseThrow().id())
			.isEqualTo(policy.id());
		AclRole role = consul.acl().createRole(AclRole.of("readers", AclLink.named("kv-read")));
		assertThat(consul.acl().readRole(role.id(), QueryOptions.NONE).value()).isPresent();
		assertThat(consul.acl().readRoleByName("readers", QueryOptions.NONE).value()).isPresent();
		AclToken token = consul.acl().createToken(AclToken.of("app token", AclLink.named("kv-read")));
		assertThat(token.secretId()).isNotBlank();
		assertThat(token.policies()).singleElement().satisfies((link) -> assertThat(link.id()).isEqualTo(policy.id()));
		assertThat(consul.acl().readToken(token.accessorId(), false, QueryOptions.NONE).value()).isPresent();
		assertThat(consul.acl().readSelfToken(QueryOptions.NONE.token(token.secretId())).value().accessorId())
			.isEqualTo(token.accessorId());
		AclToken clone = consul.acl().cloneToken(token.accessorId(), "clone");
		assertThat(clone.accessorId()).isNotEqualTo(token.accessorId());
		assertThat(consul.acl().listTokens(policy.id(), null, null, null, QueryOptions.NONE).value())
			.extracting(AclToken::accessorId)
			.contains(token.accessorId(), clone.accessorId());
		AclToken updated = consul.acl()
			.updateToken(new AclToken(token.accessorId(), null, "renamed", token.policies(), null, null, null, null,
					null, null, null, null, null, 0, 0));
		assertThat(updated.description()).isEqualTo("renamed");
		assertThat(consul.acl().deleteToken(clone.accessorId())).isTrue();
		assertThat(consul.acl().readToken(clone.accessorId(), false, QueryOptions.NONE).value()).isEmpty();
		assertThat(consul.acl().listPolicies(QueryOptions.NONE).value()).extracting(AclPolicy::name)
			.contains("kv-read");
		assertThat(consul.acl().listRoles(QueryOptions.NONE).value()).extracting(AclRole::name).contains("readers");
		assertThat(consul.acl()
			.updatePolicy(new AclPolicy(policy.id(), "kv-read", "desc", "", null, null, 0, 0))
			.description()).isEqualTo("desc");
		assertThat(consul.acl().deleteRole(role.id())).isTrue();
		assertThat(consul.acl().deletePolicy(policy.id())).isTrue();
	}

	@Test
	void bootstrapIsOnceAndReplicationReports() {
		assertThatThrownBy(() -> consul.acl().bootstrap(null)).isInstanceOf(ConsulAclException.class);
		assertThat(consul.acl().replication(QueryOptions.NONE).value().enabled()).isFalse();
		try (ConsulSimulator fresh = ConsulSimulator.builder().aclWithoutToken().start();
				Consul client = Consul.builder().address(fresh.address()).build()) {
			AclToken root = client.acl().bootstrap("99999999-8888-7777-6666-555555555555");
			assertThat(root.secretId()).isEqualTo("99999999-8888-7777-6666-555555555555");
			assertThat(root.policies()).extracting(AclLink::name).containsExactly("global-management");
		}
	}

	@Test
	void legacyAclForOldClusters() {
		String id = consul.acl().legacyCreate(LegacyAcl.client("old-app", "key \"\" { policy = \"read\" }"));
		assertThat(consul.acl().legacyInfo(id, QueryOptions.NONE).value().orElseThrow().name()).isEqualTo("old-app");
		assertThat(consul.acl().legacyUpdate(new LegacyAcl(id, "old-app-2", "client", "", 0, 0))).isEqualTo(id);
		String clone = consul.acl().legacyClone(id);
		assertThat(consul.acl().legacyList(QueryOptions.NONE).value()).extracting(LegacyAcl::id).contains(id, clone);
		assertThat(consul.acl().legacyDestroy(clone)).isTrue();
		assertThat(consul.acl().legacyInfo(clone, QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void authMethodsAndTheirBindingRules() {
		AclAuthMethod method = consul.acl()
			.createAuthMethod(AclAuthMethod.of("minikube", "kubernetes", Map.of("Host", "https://192.0.2.42:8443")));
		assertThat(method.createIndex()).isPositive();
		assertThat(consul.acl().readAuthMethod("minikube", QueryOptions.NONE).value().orElseThrow().config())
			.containsEntry("Host", "https://192.0.2.42:8443");
		assertThat(consul.acl().updateAuthMethod(method.withDescription("dev cluster")).description())
			.isEqualTo("dev cluster");
		assertThat(consul.acl().listAuthMethods(QueryOptions.NONE).value()).singleElement().satisfies((listed) -> {
			assertThat(listed.name()).isEqualTo("minikube");
			assertThat(listed.config()).as("the list leaves the config out").isNull();
		});
		AclBindingRule rule = consul.acl()
			.createBindingRule(AclBindingRule.of("minikube", "serviceaccount.namespace==default", AclBindType.SERVICE,
					"${serviceaccount.name}"));
		assertThat(rule.id()).isNotBlank();
		assertThat(consul.acl().readBindingRule(rule.id(), QueryOptions.NONE).value().orElseThrow().bindType())
			.isEqualTo(AclBindType.SERVICE);
		AclBindingRule changed = consul.acl()
			.updateBindingRule(new AclBindingRule(rule.id(), "by role", "minikube", null, AclBindType.ROLE, "readers",
					null, 0, 0));
		assertThat(changed.bindType()).isEqualTo(AclBindType.ROLE);
		assertThat(consul.acl().listBindingRules("minikube", QueryOptions.NONE).value()).hasSize(1);
		assertThat(consul.acl().listBindingRules("other", QueryOptions.NONE).value()).isEmpty();
		AclBindingRule spare = consul.acl()
			.createBindingRule(AclBindingRule.of("minikube", null, AclBindType.NODE, "${serviceaccount.name}"));
		assertThat(consul.acl().deleteBindingRule(spare.id())).isTrue();
		assertThat(consul.acl().readBindingRule(spare.id(), QueryOptions.NONE).value()).isEmpty();
		assertThatThrownBy(() -> consul.acl()
			.createBindingRule(AclBindingRule.of("no-such-method", null, AclBindType.SERVICE, "x")))
			.isInstanceOf(ConsulRequestException.class);
		assertThatThrownBy(() -> consul.acl().createAuthMethod(AclAuthMethod.of("bad", "carrier-pigeon", Map.of())))
			.isInstanceOf(ConsulRequestException.class);
		assertThat(consul.acl().deleteAuthMethod("minikube")).isTrue();
		assertThat(consul.acl().readBindingRule(rule.id(), QueryOptions.NONE).value()).as("a method's rules go with it")
			.isEmpty();
		assertThat(consul.acl().readAuthMethod("minikube", QueryOptions.NONE).value()).isEmpty();
	}

	@Test
	void templatedPoliciesAreListedReadAndPreviewed() {
		Map<String, AclTemplatedPolicy> all = consul.acl().listTemplatedPolicies(QueryOptions.NONE).value();
		assertThat(all).containsKeys("builtin/service", "builtin/node", "builtin/dns");
		AclTemplatedPolicy service = consul.acl()
			.readTemplatedPolicy("builtin/service", QueryOptions.NONE)
			.value()
			.orElseThrow();
		assertThat(service.template()).contains("{{.Name}}");
		assertThat(simulator.requests("/v1/acl/templated-policy/name/builtin/service")).hasSize(1);
		assertThat(consul.acl().readTemplatedPolicy("builtin/nothing", QueryOptions.NONE).value()).isEmpty();
		AclPolicy preview = consul.acl().previewTemplatedPolicy("builtin/service", "api");
		assertThat(preview.rules()).contains("service \"api\"").contains("service \"api-sidecar-proxy\"");
		assertThatThrownBy(() -> consul.acl().previewTemplatedPolicy("builtin/service", null))
			.as("builtin/service needs a name")
			.isInstanceOf(ConsulRequestException.class);
		assertThat(consul.acl().previewTemplatedPolicy("builtin/dns", null).rules()).contains("query_prefix");
	}

}
