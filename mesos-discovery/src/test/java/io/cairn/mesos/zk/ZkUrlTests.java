package io.cairn.mesos.zk;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZkUrlTests {

	@Test
	void parsesHostsAndPathLikeZkMesosTests() {
		ZkUrl url = ZkUrl.parse("zk://10.10.1.1:2181,10.10.0.81:2181/mesos/test/path");
		assertThat(url.connectString()).isEqualTo("10.10.1.1:2181,10.10.0.81:2181");
		assertThat(url.path()).isEqualTo("/mesos/test/path");
		assertThat(url.credentials()).isNull();
	}

	@Test
	void takesDigestCredentialsBeforeTheLastAtAndKeepsThemOutOfTheConnectString() {
		ZkUrl url = ZkUrl.parse("  zk://ops:s3cr@t@zk1:2181,zk2/mesos/ ");
		assertThat(url.credentials()).isEqualTo(new DigestCredentials("ops", "s3cr@t"));
		assertThat(url.connectString()).isEqualTo("zk1:2181,zk2:2181");
		assertThat(url.path()).isEqualTo("/mesos");
		assertThat(url.toString()).isEqualTo("zk://ops:******@zk1:2181,zk2:2181/mesos").doesNotContain("s3cr");
		assertThat(new String(url.credentials().authBytes())).isEqualTo("ops:s3cr@t");
	}

	@Test
	void acceptsIpv6Hosts() {
		assertThat(ZkUrl.parse("zk://[::1]:2181/mesos").connectString()).isEqualTo("[::1]:2181");
	}

	@Test
	void rejectsABareSlashOrMissingPath() {
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://zk1:2181/"))
			.withMessageContaining("has no path")
			.withMessageContaining("zk://zk1:2181/mesos");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://zk1:2181"))
			.withMessageContaining("has no path");
	}

	@Test
	void saysWhatIsWrongWithMalformedUrls() {
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("http://zk1:2181/mesos"))
			.withMessageContaining("not a ZooKeeper URL");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://zk1:port/mesos"))
			.withMessageContaining("'port'")
			.withMessageContaining("not a port number");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://zk1:99999/mesos"))
			.withMessageContaining("out of range");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk:///mesos"))
			.withMessageContaining("names no ZooKeeper host");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://zk1,,zk2/mesos"))
			.withMessageContaining("empty host");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://zk1//mesos"))
			.withMessageContaining("bad path");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse("zk://nopassword@zk1/mesos"))
			.withMessageContaining("without a user name and password");
	}

	@Test
	void neverPutsThePasswordInAMessage() {
		assertThatExceptionOfType(InvalidUrlException.class)
			.isThrownBy(() -> ZkUrl.parse("zk://ops:hunter2@zk1:xx/mesos"))
			.withMessageNotContaining("hunter2");
	}

	@Test
	void followsFileIndirectionOnce(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("zk"), "zk://zk1:2181/mesos\n");
		assertThat(ZkUrl.parse(file.toUri().toString()).path()).isEqualTo("/mesos");
		Path loop = Files.writeString(dir.resolve("loop"), file.toUri().toString());
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> ZkUrl.parse(loop.toUri().toString()))
			.withMessageContaining("only one level");
		assertThatExceptionOfType(InvalidUrlException.class)
			.isThrownBy(() -> ZkUrl.parse(dir.resolve("missing").toUri().toString()))
			.withMessageContaining("cannot read");
	}

	@Test
	void parsesEveryMasterForm(@TempDir Path dir) throws Exception {
		assertThat(MasterLocation.parse("zk://zk1:2181/mesos")).isInstanceOf(MasterLocation.ZooKeeper.class);
		assertThat(MasterLocation.parse("10.0.0.1:5050"))
			.isEqualTo(new MasterLocation.Direct("http", new HostPort("10.0.0.1", 5050)));
		assertThat(MasterLocation.parse("master@10.0.0.1:5050"))
			.isEqualTo(new MasterLocation.Direct("http", new HostPort("10.0.0.1", 5050)));
		assertThat(MasterLocation.parse("https://mesos.example.com:5050/"))
			.hasToString("https://mesos.example.com:5050");
		Path file = Files.writeString(dir.resolve("master"), "master@10.0.0.2:5051");
		assertThat(MasterLocation.parse(file.toUri().toString()))
			.isEqualTo(new MasterLocation.Direct("http", new HostPort("10.0.0.2", 5051)));
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> MasterLocation.parse("mesos-master"))
			.withMessageContaining("has no port");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> MasterLocation.parse("ftp://x:1"))
			.withMessageContaining("unknown scheme");
		assertThatExceptionOfType(InvalidUrlException.class).isThrownBy(() -> MasterLocation.parse(" "))
			.withMessageContaining("empty");
	}

}
