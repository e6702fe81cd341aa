package io.cairn.bridge.consul;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.cairn.bridge.Await;
import io.cairn.bridge.settings.BridgeProperties;
import io.cairn.bridge.leader.SoloLeadership;
import io.cairn.consul.Consul;
import io.cairn.testkit.consul.ConsulSimulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels that did not change since they were written cost no request (events write them
 * at every read of the app); a full sync's verification reads Consul whatever was
 * written; a write and a deletion of the same folder do not interleave.
 */
class LabelWriterTests {

	@Test
	void unchangedLabelsCostNoRequestAndVerificationRepairsWhatChangedBehindTheBridgesBack() {
		try (ConsulSimulator consul = ConsulSimulator.start();
				Consul client = Consul.builder().address(consul.address()).build()) {
			LabelWriter writer = writer(client);
			assertThat(writer.sync("web", Map.of("domain", "example.org")).total()).isEqualTo(1);
			consul.clearRequests();
			assertThat(writer.sync("web", Map.of("domain", "example.org")).total()).isZero();
			assertThat(consul.requests()).isEmpty();

			assertThat(writer.sync("web", Map.of("domain", "example.com")).total()).isEqualTo(1);
			assertThat(client.kv().getString("consular/web/domain")).hasValue("\"example.com\"");

			client.kv().delete("consular/web/domain");
			assertThat(writer.sync("web", Map.of("domain", "example.com")).total()).isZero();
			assertThat(writer.verify("web", Map.of("domain", "example.com")).total()).isEqualTo(1);
			assertThat(client.kv().getString("consular/web/domain")).hasValue("\"example.com\"");

			writer.delete("web");
			assertThat(writer.sync("web", Map.of("domain", "example.com")).total()).isEqualTo(1);
		}
	}

	/**
	 * A sync writing an heir's labels while an event deletes the folder of the app it
	 * inherits (same service name): the deletion is held in Consul (the simulator holds
	 * its {@code DELETE}) after it forgot what was written to the folder, and the write
	 * starts then. Without the folder's lock the write ran to its end meanwhile, the held
	 * deletion then removed its labels, and they stayed remembered as written, so their
	 * next write was skipped and the folder stayed empty. With it, the write waits for
	 * the deletion and writes into the emptied folder.
	 */
	@Test
	void aLabelWriteDuringTheFoldersDeletionLandsAfterItAndIsNotSkippedNextTime() throws Exception {
		try (ConsulSimulator consul = ConsulSimulator.start();
				Consul client = Consul.builder().address(consul.address()).build()) {
			LabelWriter writer = writer(client);
			assertThat(writer.sync("web", Map.of("domain", "old.example.org")).total()).isEqualTo(1);

			consul.clearRequests();
			consul.faults().hang("DELETE", "/v1/kv/consular/web/");
			FutureTask<Void> deletion = new FutureTask<>(() -> {
				writer.delete("web");
				return null;
			});
			Thread deleting = new Thread(deletion, "label-deletion");
			deleting.start();
			Await.until("the deletion's request is held in Consul",
					() -> consul.requests().stream().anyMatch((request) -> request.method().equals("DELETE")));

			FutureTask<LabelWriter.Change> write = new FutureTask<>(
					() -> writer.sync("web", Map.of("domain", "new.example.org")));
			Thread writing = new Thread(write, "label-write");
			writing.start();
			// No sleep: the write has either run to its end (no lock) or waits on the
			// monitor the deleting thread holds (the folder's lock).
			Await.until("the write has finished or waits for the deletion",
					() -> !writing.isAlive() || waitsForMonitorOf(writing, deleting));
			consul.faults().clear();
			deletion.get(30, TimeUnit.SECONDS);
			write.get(30, TimeUnit.SECONDS);

			assertThat(client.kv().getString("consular/web/domain")).hasValue("\"new.example.org\"");
			assertThat(writer.sync("web", Map.of("domain", "new.example.org")).total()).isZero();
			assertThat(client.kv().getString("consular/web/domain")).hasValue("\"new.example.org\"");
		}
	}

	private static LabelWriter writer(Consul client) {
		SoloLeadership leadership = new SoloLeadership("test");
		leadership.start(new io.cairn.bridge.leader.Leadership.Listener() {

			@Override
			public void elected() {
			}

			@Override
			public void revoked() {
			}

		});
		return new LabelWriter(client, leadership, new BridgeProperties.Kv(true, "consular"),
				JsonMapper.builder().build());
	}

	/**
	 * Whether a thread is blocked entering a {@code synchronized} block another holds.
	 */
	private static boolean waitsForMonitorOf(Thread waiting, Thread owner) {
		ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(waiting.getId());
		return info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockOwnerId() == owner.getId();
	}

}
