package io.cairn.support.postgres;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where a Cairn app keeps its local state (the embedded database among it).
 *
 * @param dataDir the root folder; each app uses a sub-folder named after it
 */
@ConfigurationProperties("cairn")
public record DataDirectoryProperties(@DefaultValue("./data") Path dataDir) {

}
