/**
 * HTTP plumbing shared by the operator and scheduler clients: leader following across 307
 * and 503 answers, basic auth, TLS, and RecordIO framing. Public only so the two client
 * packages can share it.
 */
@NullMarked
package io.cairn.mesos.http;

import org.jspecify.annotations.NullMarked;
