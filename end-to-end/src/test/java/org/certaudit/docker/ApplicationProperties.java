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
    private final Set<String> mapNames = new TreeSet<>();

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
            throw new IllegalStateException(module.getFileName() + " declares @ConfigurationProperties but has no "
                    + generated + ": build it first, with spring-boot-configuration-processor among its dependencies");
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

    Set<String> names() {
        return Collections.unmodifiableSet(names);
    }

    /**
     * Whether {@code variable} binds to a known property: Spring Boot maps {@code certaudit.embedded.data-dir}
     * from {@code CERTAUDIT_EMBEDDED_DATADIR} and from the legacy {@code CERTAUDIT_EMBEDDED_DATA_DIR}; a map
     * property ({@code axon.eventhandling.processors}) takes any key below it.
     */
    boolean binds(String variable) {
        String env = variable.toUpperCase(Locale.ROOT);
        for (String name : names) {
            if (environmentNames(name).contains(env)) {
                return true;
            }
        }
        for (String name : mapNames) {
            for (String prefix : environmentNames(name)) {
                if (env.startsWith(prefix + "_")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> environmentNames(String property) {
        String withoutIndexes = property.replaceAll("\\[[^]]*]", "");
        String upper = withoutIndexes.toUpperCase(Locale.ROOT);
        return new HashSet<>(List.of(upper.replace("-", "").replace('.', '_'), upper.replace('-', '_').replace('.', '_')));
    }

    private void addMetadata(JsonNode metadata) {
        for (JsonNode property : metadata.path("properties")) {
            String name = property.path("name").asText();
            names.add(name);
            if (property.path("type").asText().startsWith("java.util.Map")) {
                mapNames.add(name);
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

    private void flatten(String prefix, Map<?, ?> map) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(name, nested);
            } else {
                names.add(name);
            }
        });
    }
}
