package org.certaudit.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration properties an application knows: the keys of its application*.yml / .properties
 * files and the names in Spring configuration metadata (its own and the frameworks'). Answers whether an
 * environment variable binds to one of them under Spring Boot's relaxed binding.
 */
final class ApplicationProperties {

    private final Set<String> names = new TreeSet<>();
    /** Modules with @ConfigurationProperties but no generated metadata: only their application files are known. */
    private final Set<String> withoutMetadata = new TreeSet<>();
    /** Map and list properties: any key or index below them binds. */
    private final Set<String> containerNames = new TreeSet<>();

    /** The frameworks' metadata on this test's class path (Spring Boot, actuator, Axon). */
    static ApplicationProperties ofFrameworks() {
        ApplicationProperties properties = new ApplicationProperties();
        for (String resource : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            try {
                for (URL url : Collections.list(ApplicationProperties.class.getClassLoader().getResources(resource))) {
                    try (InputStream in = url.openStream()) {
                        properties.addMetadata(new ObjectMapper().readTree(in));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return properties;
    }

    /** Adds a module's own configuration: its application files and its generated or hand-written metadata. */
    ApplicationProperties withModule(Path module) {
        Path resources = module.resolve("src/main/resources");
        if (Files.isDirectory(resources)) {
            try (Stream<Path> files = Files.list(resources)) {
                files.filter(f -> f.getFileName().toString().matches("application.*\\.(ya?ml|properties)"))
                        .forEach(this::addApplicationFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + resources, e);
            }
        }
        Path generated = module.resolve("target/classes/META-INF/spring-configuration-metadata.json");
        if (!Files.isRegularFile(generated) && declaresConfigurationProperties(module.resolve("src/main/java"))) {
            withoutMetadata.add(module.getFileName().toString());
        }
        for (Path metadata : List.of(
                generated,
                resources.resolve("META-INF/additional-spring-configuration-metadata.json"))) {
            if (Files.isRegularFile(metadata)) {
                try {
                    addMetadata(new ObjectMapper().readTree(metadata.toFile()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + metadata, e);
                }
            }
        }
        return this;
    }

    private static boolean declaresConfigurationProperties(Path sources) {
        if (!Files.isDirectory(sources)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.readString(f).contains("@ConfigurationProperties(");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + f, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + sources, e);
        }
    }

    ApplicationProperties with(String name) {
        names.add(name);
        return this;
    }

    /** For failure messages: why a property a module declares in code may not be known here. */
    String gaps() {
        return withoutMetadata.isEmpty() ? "" : " (no configuration metadata for " + withoutMetadata
                + ": only their application*.yml keys are known; add spring-boot-configuration-processor to them)";
    }

    Set<String> names() {
        return Collections.unmodifiableSet(names);
    }

    /**
     * Whether {@code variable} binds to a known property: Spring Boot maps {@code certaudit.embedded.data-dir}
     * from {@code CERTAUDIT_EMBEDDED_DATADIR} and from the legacy {@code CERTAUDIT_EMBEDDED_DATA_DIR}, and
     * {@code certaudit.security.users[0].name} from {@code CERTAUDIT_SECURITY_USERS_0_NAME}; a map or list
     * property ({@code axon.eventhandling.processors}) takes any key below it.
     */
    boolean binds(String variable) {
        String env = variable.toUpperCase(Locale.ROOT).replaceAll("_\\d+(?=_|$)", "_[]");
        for (String name : names) {
            if (environmentNames(name).contains(env)) {
                return true;
            }
        }
        for (String name : containerNames) {
            for (String prefix : environmentNames(name)) {
                if (env.startsWith(prefix + "_")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a property named as in a configuration file ({@code a.b-c[0].d}) is known, ignoring dashes and case. */
    boolean knows(String property) {
        String wanted = canonical(property);
        return names.stream().map(ApplicationProperties::canonical).anyMatch(wanted::equals)
                || containerNames.stream().map(ApplicationProperties::canonical)
                        .anyMatch(container -> wanted.startsWith(container + ".") || wanted.startsWith(container + "[]"));
    }

    private static String canonical(String property) {
        return property.toLowerCase(Locale.ROOT).replace("-", "").replaceAll("\\[[^]]*]", "[]");
    }

    private static Set<String> environmentNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replaceAll("\\[[^]]*]", ".[]");
        return new HashSet<>(List.of(upper.replace("-", "").replace('.', '_'), upper.replace('-', '_').replace('.', '_')));
    }

    private void addMetadata(JsonNode metadata) {
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asText();
            names.add(name);
            String type = property.path("type").asText();
            if (type.startsWith("java.util.Map") || type.startsWith("java.util.List") || type.startsWith("java.util.Set")) {
                containerNames.add(name);
            }
        }
    }

    private void addApplicationFile(Path file) {
        try {
            if (file.toString().endsWith(".properties")) {
                Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    properties.load(in);
                }
                properties.stringPropertyNames().forEach(names::add);
                return;
            }
            try (InputStream in = Files.newInputStream(file)) {
                for (Object document : new Yaml().loadAll(in)) {
                    if (document instanceof Map<?, ?> map) {
                        flatten("", map);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Adds every leaf of a configuration file's tree; list elements are named {@code list[].key}. */
    private void flatten(String name, Object value) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((key, child) -> flatten(name.isEmpty() ? String.valueOf(key) : name + "." + key, child));
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            names.add(name);
            list.forEach(element -> flatten(name + "[]", element));
        } else {
            names.add(name);
        }
    }

    /** The properties a configuration file sets (its leaves), for checking them against the known ones. */
    static Set<String> keysOf(Path file) {
        ApplicationProperties properties = new ApplicationProperties();
        properties.addApplicationFile(file);
        return properties.names();
    }
}
