package io.cairn.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what clients may send.
 *
 * @param maxRequestSize the largest request body accepted; larger ones are answered 413
 * before they are read in full
 */
@ConfigurationProperties("cairn.http")
public record CairnHttpProperties(@DefaultValue("1MB") DataSize maxRequestSize) {

}
