package io.cairn.consul.model.connect;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A root certificate of the service mesh CA ({@code /connect/ca/roots}).
 *
 * @param id the root's ID (a colon-separated fingerprint)
 * @param name a name
 * @param serialNumber the certificate's serial number
 * @param signingKeyId the ID of the key that signs leaf certificates
 * @param externalTrustDomain the trust domain the root belongs to
 * @param notBefore start of validity (RFC 3339)
 * @param notAfter end of validity (RFC 3339)
 * @param rootCert the certificate, PEM
 * @param intermediateCerts intermediate certificates, PEM
 * @param active whether it signs new certificates
 * @param privateKeyType {@code ec} or {@code rsa}
 * @param privateKeyBits the key size
 * @param createIndex the creation index
 * @param modifyIndex the last modification index
 */
public record CaRoot(@JsonProperty("ID") String id, @Nullable String name, long serialNumber,
		@JsonProperty("SigningKeyID") @Nullable String signingKeyId, @Nullable String externalTrustDomain,
		@Nullable String notBefore, @Nullable String notAfter, String rootCert,
		@Nullable List<String> intermediateCerts, boolean active, @Nullable String privateKeyType, int privateKeyBits,
		long createIndex, long modifyIndex) {
}
