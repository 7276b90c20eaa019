package io.leadfunnel.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** Properties files mounted into a service as extra configuration. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** The property names a properties text sets, without the profile prefix. */
    static Set<String> keys(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> keys = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return keys;
    }
}
