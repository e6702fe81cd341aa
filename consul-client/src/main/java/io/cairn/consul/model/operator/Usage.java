package io.cairn.consul.model.operator;

import java.util.Map;

/**
 * Usage counts by datacenter ({@code /operator/usage}).
 *
 * @param usage each datacenter's counts, by datacenter name
 */
public record Usage(Map<String, DatacenterUsage> usage) {
}
