package io.cairn.consul;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cairn.consul.model.agent.AgentService;
import io.cairn.consul.model.catalog.Node;
import io.cairn.consul.model.health.CheckStatus;
import io.cairn.consul.model.health.HealthCheck;
import io.cairn.consul.model.session.NewSession;
import io.cairn.consul.model.txn.TxnResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transactions: every KV verb, node/service/check operations, atomic rollback with
 * per-operation errors, the 64-operation limit.
 */
class TxnContractTests extends AbstractSimulatedAgentTests {

	@BeforeEach
	void clean() {
		consul.kv().deleteTree("", QueryOptions.NONE);
	}

	@Test
	void kvVerbsCommitTogether() {
		consul.kv().put("txn/existing", "old");
		long index = consul.kv().get("txn/existing").index();
		String session = consul.session().create(NewSession.named("txn"), QueryOptions.NONE);
		List<TxnResult> results = consul.txn()
			.begin()
			.kvCheckIndex("txn/existing", index)
			.kvSet("txn/a", "1")
			.kvCas("txn/b", "2".getBytes(), 0)
			.kvLock("txn/lock", "held".getBytes(), session)
			.kvCheckSession("txn/lock", session)
			.kvCheckNotExists("txn/absent")
			.kvGet("txn/existing")
			.kvGetOrEmpty("txn/absent")
			.kvDelete("txn/existing")
			.execute()
			.value();
		assertThat(results).as("no results for check-not-exists, a missing get-or-empty and delete").hasSize(6);
		assertThat(results.get(5).kv().valueAsString()).contains("old");
		assertThat(results.get(1).kv().value()).as("values only come back for get verbs").isNull();
		assertThat(consul.kv().getString("txn/a")).contains("1");
		assertThat(consul.kv().get("txn/lock").value().orElseThrow().session()).isEqualTo(session);
		assertThat(consul.kv().get("txn/existing").value()).isEmpty();
		List<TxnResult> tree = consul.txn()
			.begin()
			.kvGetTree("txn/")
			.kvUnlock("txn/lock", new byte[0], session)
			.execute()
			.value();
		assertThat(tree).extracting((r) -> r.kv().key()).contains("txn/a", "txn/b", "txn/lock");
		assertThat(consul.kv().get("txn/lock").value().orElseThrow().isLocked()).isFalse();
		consul.txn().begin().kvDeleteTree("txn/").execute();
		assertThat(consul.kv().list("txn/").value()).isEmpty();
	}

	@Test
	void aFailedOperationRollsEverythingBackWithPerOperationErrors() {
		consul.kv().put("txn/keep", "original");
		long index = consul.kv().get("txn/keep").index();
		assertThatThrownBy(() -> consul.txn()
			.begin()
			.kvSet("txn/keep", "changed")
			.kvSet("txn/new", "x")
			.kvCheckIndex("txn/keep", index + 100)
			.kvGet("txn/missing")
			.execute()).isInstanceOfSatisfying(ConsulTransactionException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(409);
				assertThat(ex.errors()).extracting((e) -> e.opIndex()).containsExactly(2, 3);
				assertThat(ex.errors().get(1).what()).contains("txn/missing");
				assertThat(ex.getMessage()).contains("op 2");
			});
		assertThat(consul.kv().getString("txn/keep")).contains("original");
		assertThat(consul.kv().get("txn/new").value()).isEmpty();
	}

	@Test
	void deleteCasNeedsTheCurrentIndex() {
		consul.kv().put("txn/cas", "v");
		long index = consul.kv().get("txn/cas").index();
		assertThatThrownBy(() -> consul.txn().begin().kvDeleteCas("txn/cas", index - 1).execute())
			.isInstanceOf(ConsulTransactionException.class);
		consul.txn().begin().kvDeleteCas("txn/cas", index).execute();
		assertThat(consul.kv().get("txn/cas").value()).isEmpty();
	}

	@Test
	void catalogOperations() {
		List<TxnResult> results = consul.txn()
			.begin()
			.node("set", Node.of("txn-node", "10.0.0.9"))
			.service("set", "txn-node", AgentService.of("api-1", "api", "10.0.0.9", 8080, List.of("v1")))
			.check("set", HealthCheck.of("txn-node", "api-alive", "API alive", CheckStatus.PASSING, "api-1"))
			.execute()
			.value();
		assertThat(results).hasSize(3);
		assertThat(results.get(0).node().node()).isEqualTo("txn-node");
		assertThat(results.get(1).service().id()).isEqualTo("api-1");
		assertThat(results.get(2).check().status()).isEqualTo(CheckStatus.PASSING);
		assertThat(consul.health().service("api").value()).singleElement()
			.satisfies((instance) -> assertThat(instance.node().node()).isEqualTo("txn-node"));
		assertThat(consul.txn().begin().node("get", Node.of("txn-node", "")).execute().value().get(0).node().address())
			.isEqualTo("10.0.0.9");
		consul.txn()
			.begin()
			.service("delete", "txn-node", AgentService.of("api-1", "api", null, 0, List.of()))
			.execute();
		assertThat(consul.health().service("api").value()).isEmpty();
	}

	@Test
	void atMost64OperationsAndNeverAnEmptyOne() {
		TxnClient.Transaction transaction = consul.txn().begin();
		for (int i = 0; i < TxnClient.MAX_OPERATIONS; i++) {
			transaction.kvSet("txn/many/" + i, "v");
		}
		assertThatThrownBy(() -> transaction.kvSet("txn/one-too-many", "v")).isInstanceOf(IllegalStateException.class);
		assertThat(transaction.execute().value()).hasSize(64);
		assertThatThrownBy(() -> consul.txn().begin().execute()).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void theServerRejectsMoreThan64OperationsToo() {
		StringBuilder body = new StringBuilder("[");
		for (int i = 0; i < 65; i++) {
			body.append((i > 0) ? "," : "").append("{\"KV\":{\"Verb\":\"get\",\"Key\":\"k").append(i).append("\"}}");
		}
		byte[] json = body.append(']').toString().getBytes();
		assertThatThrownBy(() -> consul.raw("PUT", "txn", java.util.Map.of(), json, QueryOptions.NONE))
			.isInstanceOfSatisfying(ConsulRequestException.class, (ex) -> {
				assertThat(ex.status()).isEqualTo(413);
				assertThat(ex.bodyText()).contains("65 > 64");
			});
	}

}
