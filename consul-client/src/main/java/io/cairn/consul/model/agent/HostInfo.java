package io.cairn.consul.model.agent;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The agent's host ({@code /agent/host}): memory, CPUs, operating system and root disk,
 * in the field names of the gopsutil library Consul reports them with. Consul documents
 * this answer as unstable: fields may come and go between versions, and any part is
 * {@code null} when the agent could not read it ({@link #errors()} says why).
 *
 * @param memory the memory
 * @param cpu the CPUs
 * @param host the host and its operating system
 * @param disk the disk of the root file system
 * @param collectionTime when it was read, in nanoseconds since the epoch
 * @param errors what could not be read, or {@code null}
 */
public record HostInfo(@Nullable Memory memory, @JsonProperty("CPU") @Nullable List<Cpu> cpu, @Nullable Host host,
		@Nullable Disk disk, long collectionTime, @Nullable List<Object> errors) {

	/**
	 * Memory, in bytes.
	 *
	 * @param total installed
	 * @param available available to programs
	 * @param used in use
	 * @param usedPercent in use, percent
	 * @param free unused
	 */
	public record Memory(@JsonProperty("total") long total, @JsonProperty("available") long available,
			@JsonProperty("used") long used, @JsonProperty("usedPercent") double usedPercent,
			@JsonProperty("free") long free) {
	}

	/**
	 * One CPU.
	 *
	 * @param cpu its number
	 * @param vendorId the vendor
	 * @param modelName the model
	 * @param cores its cores
	 * @param mhz its clock
	 */
	public record Cpu(@JsonProperty("cpu") int cpu, @JsonProperty("vendorId") @Nullable String vendorId,
			@JsonProperty("modelName") @Nullable String modelName, @JsonProperty("cores") int cores,
			@JsonProperty("mhz") double mhz) {
	}

	/**
	 * The host.
	 *
	 * @param hostname its name
	 * @param uptime seconds since boot
	 * @param bootTime boot time, seconds since the epoch
	 * @param os the operating system, for example {@code linux}
	 * @param platform the distribution
	 * @param platformVersion its version
	 * @param kernelVersion the kernel's version
	 * @param kernelArch the architecture
	 */
	public record Host(@JsonProperty("hostname") @Nullable String hostname, @JsonProperty("uptime") long uptime,
			@JsonProperty("bootTime") long bootTime, @JsonProperty("os") @Nullable String os,
			@JsonProperty("platform") @Nullable String platform,
			@JsonProperty("platformVersion") @Nullable String platformVersion,
			@JsonProperty("kernelVersion") @Nullable String kernelVersion,
			@JsonProperty("kernelArch") @Nullable String kernelArch) {
	}

	/**
	 * A file system's space, in bytes.
	 *
	 * @param path where it is mounted
	 * @param fstype its type
	 * @param total its size
	 * @param free free
	 * @param used used
	 * @param usedPercent used, percent
	 */
	public record Disk(@JsonProperty("path") @Nullable String path, @JsonProperty("fstype") @Nullable String fstype,
			@JsonProperty("total") long total, @JsonProperty("free") long free, @JsonProperty("used") long used,
			@JsonProperty("usedPercent") double usedPercent) {
	}

}
