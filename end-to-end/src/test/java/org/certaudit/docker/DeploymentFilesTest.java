package org.certaudit.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine where the tests run, so the docker files are checked by reading them:
 * every setting they give the applications exists in the applications' configuration, and every path
 * they copy is one the Maven build produces.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final List<String> APPLICATIONS = List.of("command-side", "query-side");
    private static final Pattern CHECKED_SETTING = Pattern.compile("(CERTAUDIT|SPRING|AXON|SERVER)_[A-Z0-9_]+");
    private static final Pattern JAR_COPY = Pattern.compile("--from=build\\s+/build/([^/\\s]+)/target/(\\S+\\.jar)\\s+\\S+");

    @Test
    void everyApplicationSettingInComposeAndDockerfilesIsAPropertyOfThatApplication() {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (String application : APPLICATIONS) {
            ApplicationProperties known = propertiesOf(application);
            Set<String> settings = new LinkedHashSet<>(dockerfile(application).environment().keySet());
            settings.addAll(composeEnvironment(application).keySet());
            for (String setting : settings) {
                if (CHECKED_SETTING.matcher(setting).matches() && !known.binds(setting)) {
                    unknown.put(application + ": " + setting, "binds to no known property" + known.gaps());
                }
            }
            assertThat(settings).as("settings given to " + application).contains("CERTAUDIT_MONGODB_URI");
        }
        assertThat(unknown).as("settings no property of the application takes (relaxed binding)").isEmpty();
    }

    @Test
    void relaxedBindingAcceptsBothEnvironmentFormsOfADashedNameAndRejectsAMisspeltOne() {
        ApplicationProperties known = new ApplicationProperties().with("certaudit.embedded.data-dir");

        assertThat(known.binds("CERTAUDIT_EMBEDDED_DATADIR")).isTrue();
        assertThat(known.binds("CERTAUDIT_EMBEDDED_DATA_DIR")).isTrue();
        assertThat(known.binds("CERTAUDIT_EMBEDED_DATA_DIR")).isFalse();
        assertThat(ApplicationProperties.ofFrameworks().binds("AXON_EVENTHANDLING_PROCESSORS_SCORECARD_THREADCOUNT"))
                .as("a key below the map property axon.eventhandling.processors").isTrue();
        ApplicationProperties users = new ApplicationProperties().with("certaudit.security.users[].name");
        assertThat(users.binds("CERTAUDIT_SECURITY_USERS_0_NAME")).as("an element of a list").isTrue();
        assertThat(users.binds("CERTAUDIT_SECURITY_USERS_0_NAMES")).isFalse();
        assertThat(users.knows("certaudit.security.users[2].name")).isTrue();
    }

    @Test
    void exampleConfigurationForTheContainersSetsOnlyPropertiesOneOfTheApplicationsKnows() {
        // Both containers mount the same configuration directory; each reads what it knows.
        Path example = DOCKER.resolve("config/application.yml.example");
        ApplicationProperties commandSide = propertiesOf("command-side");
        ApplicationProperties querySide = propertiesOf("query-side");

        assertThat(ApplicationProperties.keysOf(example)).isNotEmpty()
                .allSatisfy(key -> assertThat(commandSide.knows(key) || querySide.knows(key))
                        .as(key + " is a property of the command or the query side" + commandSide.gaps() + querySide.gaps())
                        .isTrue());
    }

    @Test
    void storeSettingsAreDeclaredByTheEventStoreOrTheApplicationItself() {
        for (String application : APPLICATIONS) {
            ApplicationProperties own = new ApplicationProperties()
                    .withModule(ROOT.resolve("event-store"))
                    .withModule(ROOT.resolve(application));
            for (String setting : List.of("CERTAUDIT_MONGODB_URI", "CERTAUDIT_EMBEDDED_ENABLED")) {
                assertThat(own.binds(setting))
                        .as(setting + " is a property " + application + " or the event store declares").isTrue();
            }
        }
    }

    @Test
    void dockerfilesCopyTheExecutableJarOfTheModuleTheyBuild() {
        for (String application : APPLICATIONS) {
            Dockerfile dockerfile = dockerfile(application);
            List<String> copies = dockerfile.finalStage().all("COPY");
            assertThat(copies).as(dockerfile.path() + " copies one jar from the build stage").hasSize(1);
            Matcher copy = JAR_COPY.matcher(copies.get(0));
            assertThat(copy.find()).as("COPY of a jar from /build/<module>/target in " + dockerfile.path()).isTrue();
            String module = copy.group(1);
            Pom pom = Pom.read(ROOT.resolve(module).resolve("pom.xml"));
            String builtJar = pom.artifactId() + "-" + pom.version() + ".jar";

            assertThat(module).isEqualTo(application);
            assertThat(pom.artifactId()).isEqualTo(application);
            assertThat(FileSystems.getDefault().getPathMatcher("glob:" + copy.group(2)).matches(Path.of(builtJar)))
                    .as(copy.group(2) + " matches the jar Maven builds, " + builtJar).isTrue();
            assertThat(FileSystems.getDefault().getPathMatcher("glob:" + copy.group(2))
                    .matches(Path.of(builtJar + ".original"))).as("and not the repackaging's leftover").isFalse();
            assertThat(pom.plugins()).as(module + " is repackaged as an executable jar")
                    .contains("spring-boot-maven-plugin");
            assertThat(String.join("\n", dockerfile.all("RUN"))).contains("-pl " + module + " -am");
        }
    }

    @Test
    void dockerBuildStageHasEveryReactorPomAndTheSourcesOfEveryModuleTheApplicationNeeds() {
        List<String> reactor = Pom.read(ROOT.resolve("pom.xml")).modules();
        for (String application : APPLICATIONS) {
            List<String> copies = dockerfile(application).all("COPY");
            for (String module : reactor) {
                assertThat(copies).as("Maven reads every module's pom, also with -pl").contains(
                        module + "/pom.xml " + module + "/");
            }
            for (String module : reactorDependencies(application, reactor)) {
                assertThat(copies).as(application + " is built from " + module + "'s sources")
                        .contains(module + "/src " + module + "/src");
            }
        }
    }

    @Test
    void imagesRunAJreAsANonRootUserWithAHealthcheckOnTheExposedPort() {
        for (String application : APPLICATIONS) {
            Dockerfile dockerfile = dockerfile(application);
            Dockerfile runtime = dockerfile.finalStage();
            String port = runtime.environment().get("SERVER_PORT");

            assertThat(dockerfile.all("FROM")).hasSize(2);
            assertThat(dockerfile.all("FROM").get(0)).contains("eclipse-temurin-17").endsWith("AS build");
            assertThat(runtime.all("FROM").get(0)).startsWith("eclipse-temurin:17-jre");
            assertThat(runtime.all("USER")).singleElement().isNotIn("root", "0");
            assertThat(runtime.all("EXPOSE")).containsExactly(port);
            assertThat(runtime.all("HEALTHCHECK")).singleElement().asString()
                    .contains("/actuator/health").contains("${SERVER_PORT}");
            assertThat(composeService(application).get("ports")).asList()
                    .singleElement().asString().endsWith(":" + port);
            assertThat(composeEnvironment(application)).containsEntry("SERVER_PORT", port);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsMongoAsAReplicaSetWithItsDataInANamedVolumeAndStartsTheApplicationsWhenItIsHealthy() {
        Map<String, Object> compose = compose();
        Map<String, Object> mongo = composeService("mongo");
        List<Object> volumes = (List<Object>) mongo.get("volumes");

        assertThat(String.valueOf(mongo.get("image"))).startsWith("mongo:7");
        assertThat((List<Object>) mongo.get("command")).containsSubsequence("--replSet", "rs0");
        assertThat(String.valueOf(((Map<?, ?>) mongo.get("healthcheck")).get("test")))
                .contains("rs.initiate").contains("_id: 'rs0'").contains("host: 'mongo:27017'");
        assertThat(volumes).contains("mongo-data:/data/db");
        assertThat((Map<Object, Object>) compose.get("volumes")).containsKey("mongo-data");
        for (String application : APPLICATIONS) {
            Map<String, Object> service = composeService(application);
            assertThat(composeEnvironment(application))
                    .containsEntry("CERTAUDIT_MONGODB_URI", "mongodb://mongo:27017/?replicaSet=rs0")
                    .containsEntry("CERTAUDIT_EMBEDDED_ENABLED", "false");
            assertThat(String.valueOf(((Map<?, ?>) service.get("depends_on")).get("mongo")))
                    .contains("condition=service_healthy");
            assertThat(String.valueOf(((Map<?, ?>) service.get("build")).get("dockerfile")))
                    .isEqualTo("docker/" + application + "/Dockerfile");
            assertThat(ROOT.resolve(String.valueOf(((Map<?, ?>) service.get("build")).get("dockerfile")))).isRegularFile();
        }
    }

    /** The frameworks' properties and those of every reactor module the application is built from. */
    private static ApplicationProperties propertiesOf(String application) {
        ApplicationProperties properties = ApplicationProperties.ofFrameworks();
        for (String module : reactorDependencies(application, Pom.read(ROOT.resolve("pom.xml")).modules())) {
            properties.withModule(ROOT.resolve(module));
        }
        return properties;
    }

    /** The reactor modules {@code module} depends on, directly or not, and itself. */
    private static Set<String> reactorDependencies(String module, List<String> reactor) {
        Set<String> result = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(module));
        while (!pending.isEmpty()) {
            String next = pending.remove(0);
            if (result.add(next)) {
                Pom.read(ROOT.resolve(next).resolve("pom.xml")).certauditDependencies().stream()
                        .filter(reactor::contains)
                        .forEach(pending::add);
            }
        }
        return result;
    }

    private static Dockerfile dockerfile(String application) {
        return Dockerfile.read(DOCKER.resolve(application).resolve("Dockerfile"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() {
        try (InputStream in = Files.newInputStream(DOCKER.resolve("compose.yaml"))) {
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeService(String name) {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        assertThat(services).as("compose services").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    /** A service's environment, in the map or the {@code KEY=value} list form. */
    private static Map<String, String> composeEnvironment(String name) {
        Object environment = composeService(name).get("environment");
        Map<String, String> settings = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> settings.put(String.valueOf(key), String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                settings.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        }
        return settings;
    }

    /** The parts of a pom this test needs. */
    private record Pom(String artifactId, String version, List<String> modules, List<String> plugins,
                       List<String> certauditDependencies) {

        static Pom read(Path path) {
            try {
                Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile());
                Element project = document.getDocumentElement();
                Element parent = child(project, "parent");
                String version = text(project, "version");
                return new Pom(
                        text(project, "artifactId"),
                        version != null ? version : text(parent, "version"),
                        texts(child(project, "modules"), "module", null),
                        texts(child(child(project, "build"), "plugins"), "plugin", "artifactId"),
                        certaudit(child(project, "dependencies")));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read " + path + ": " + e, e);
            }
        }

        private static List<String> certaudit(Element dependencies) {
            List<String> result = new ArrayList<>();
            for (Element dependency : children(dependencies, "dependency")) {
                if ("org.certaudit".equals(text(dependency, "groupId"))) {
                    result.add(text(dependency, "artifactId"));
                }
            }
            return result;
        }

        private static List<String> texts(Element parent, String element, String field) {
            return children(parent, element).stream()
                    .map(e -> field == null ? e.getTextContent().strip() : text(e, field))
                    .toList();
        }

        private static Element child(Element parent, String name) {
            List<Element> children = children(parent, name);
            return children.isEmpty() ? null : children.get(0);
        }

        private static List<Element> children(Element parent, String name) {
            List<Element> result = new ArrayList<>();
            if (parent == null) {
                return result;
            }
            NodeList nodes = parent.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) {
                Node node = nodes.item(i);
                if (node instanceof Element element && element.getTagName().equals(name)) {
                    result.add(element);
                }
            }
            return result;
        }

        private static String text(Element parent, String name) {
            Element child = child(parent, name);
            return child == null ? null : child.getTextContent().strip();
        }
    }
}
