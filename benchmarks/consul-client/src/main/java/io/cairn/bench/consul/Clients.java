package io.cairn.bench.consul;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.QueryParams;
import com.ecwid.consul.v1.Response;
import com.ecwid.consul.v1.kv.model.GetValue;
import com.google.common.net.HostAndPort;

import io.cairn.consul.Consul;
import io.cairn.consul.ConsulResponse;
import io.cairn.consul.QueryOptions;
import io.cairn.consul.model.kv.KeyValue;

/**
 * The three libraries behind {@link BenchClient}, each used the way its documentation
 * shows.
 */
final class Clients {

	private Clients() {
	}

	static BenchClient create(String name, int port) {
		return switch (name) {
			case "cairn" -> new Cairn(port);
			case "kiwi" -> new Kiwi(port);
			case "ecwid" -> new Ecwid(port);
			default -> throw new IllegalArgumentException(name);
		};
	}

	static final class Cairn implements BenchClient {

		private final Consul consul;

		Cairn(int port) {
			this.consul = Consul.builder().address("127.0.0.1:" + port).build();
		}

		@Override
		public byte[] get(String key) {
			KeyValue entry = this.consul.kv().get(key).value().orElseThrow();
			return entry.value();
		}

		@Override
		public boolean put(String key, byte[] value) {
			return this.consul.kv().put(key, value);
		}

		@Override
		public int healthyInstances(String service) {
			return this.consul.health().service(service, true, List.of(), QueryOptions.NONE).value().size();
		}

		@Override
		public long blockingGet(String key, long index) {
			ConsulResponse<?> answer = this.consul.kv()
				.get(key, QueryOptions.NONE.index(index).waitFor(Duration.ofSeconds(10)));
			return answer.index();
		}

		@Override
		public void close() {
			this.consul.close();
		}

	}

	static final class Kiwi implements BenchClient {

		private final org.kiwiproject.consul.Consul consul;

		Kiwi(int port) {
			this.consul = org.kiwiproject.consul.Consul.builder()
				.withHostAndPort(HostAndPort.fromParts("127.0.0.1", port))
				.build();
		}

		@Override
		public byte[] get(String key) {
			return this.consul.keyValueClient().getValue(key).orElseThrow().getValueAsBytes().orElseThrow();
		}

		@Override
		public boolean put(String key, byte[] value) {
			return this.consul.keyValueClient().putValue(key, value, 0, org.kiwiproject.consul.option.PutOptions.BLANK);
		}

		@Override
		public int healthyInstances(String service) {
			return this.consul.healthClient().getHealthyServiceInstances(service).getResponse().size();
		}

		@Override
		public long blockingGet(String key, long index) {
			return this.consul.keyValueClient()
				.getValue(key,
						org.kiwiproject.consul.option.QueryOptions.blockSeconds(10, BigInteger.valueOf(index)).build())
				.orElseThrow()
				.getModifyIndex();
		}

		@Override
		public void close() {
			this.consul.destroy();
		}

	}

	static final class Ecwid implements BenchClient {

		private final ConsulClient consul;

		Ecwid(int port) {
			this.consul = new ConsulClient("127.0.0.1", port);
		}

		@Override
		public byte[] get(String key) {
			Response<GetValue> answer = this.consul.getKVValue(key);
			return answer.getValue().getDecodedValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}

		@Override
		public boolean put(String key, byte[] value) {
			return this.consul.setKVBinaryValue(key, value).getValue();
		}

		@Override
		public int healthyInstances(String service) {
			return this.consul.getHealthServices(service, true, QueryParams.DEFAULT).getValue().size();
		}

		@Override
		public long blockingGet(String key, long index) {
			return this.consul.getKVValue(key, new QueryParams(10, index)).getConsulIndex();
		}

		@Override
		public void close() {
		}

	}

}
