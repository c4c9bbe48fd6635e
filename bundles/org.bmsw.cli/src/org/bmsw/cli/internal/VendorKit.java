package org.bmsw.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The vendor kit that {@code bmsw profile new} writes: a complete project outside this repository that builds a
 * vendor's plugin (descriptor with a DBC or a register map), its feature and its p2 update site with Tycho, resolving
 * the workbench's API from the workbench's own p2 repository (no sources of the workbench needed).
 */
final class VendorKit {

    /** Profile ids as the descriptor schema takes them, and usable as bundle names: {@code yourcompany.model}. */
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_][a-z0-9_-]*)+");

    static final String TYCHO_VERSION = "4.0.13";

    enum Definition {
        DBC, REGISTER_MAP
    }

    private final String id;
    private final Definition definition;
    private final String repository;

    /**
     * @param id the profile id, e.g. {@code yourcompany.model}; names the plugin {@code ID.profiles}
     * @param repository the default URL of the workbench's p2 repository in the kit's build
     */
    VendorKit(String id, Definition definition, String repository) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a profile id like yourcompany.model (lower case, "
                    + "at least two parts separated by dots)");
        }
        this.id = id;
        this.definition = definition;
        this.repository = repository;
    }

    String vendor() {
        return id.substring(0, id.indexOf('.'));
    }

    String model() {
        return id.substring(id.lastIndexOf('.') + 1);
    }

    String plugin() {
        return id + ".profiles";
    }

    String feature() {
        return id + ".feature";
    }

    String site() {
        return id + ".site";
    }

    /** Every file of the kit, by path relative to its folder. */
    Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        String model = model();
        files.put("README.md", readme());
        files.put("pom.xml", parentPom());
        files.put(".mvn/maven.config", "-Dtycho.localArtifacts=ignore\n");
        files.put(".gitignore", "target/\n");
        files.put(plugin() + "/pom.xml", modulePom(plugin(), "eclipse-plugin"));
        files.put(plugin() + "/META-INF/MANIFEST.MF", """
                Manifest-Version: 1.0
                Bundle-ManifestVersion: 2
                Bundle-Name: %1$s battery profiles for BMS Workbench
                Bundle-SymbolicName: %2$s;singleton:=true
                Bundle-Version: 1.0.0.qualifier
                Bundle-Vendor: %1$s
                Require-Bundle: org.bmsw.profiles;bundle-version="[0.1.0,1.0.0)"
                """.formatted(vendor(), plugin()));
        String definitionFile = definition == Definition.DBC ? "dbc/" + model + ".dbc" : "maps/" + model + ".json";
        files.put(plugin() + "/build.properties", """
                bin.includes = META-INF/,\\
                               plugin.xml,\\
                               profiles/,\\
                               %s/
                """.formatted(definitionFile.substring(0, definitionFile.indexOf('/'))));
        files.put(plugin() + "/plugin.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <?eclipse version="3.4"?>
                <plugin>
                   <!-- each descriptor is one battery (or <inverter descriptor=.../>); bmsw profile check validates them -->
                   <extension point="org.bmsw.profiles.profiles">
                      <battery descriptor="profiles/%s.xml"/>
                   </extension>
                </plugin>
                """.formatted(model));
        files.put(plugin() + "/profiles/" + model + ".xml", descriptor(definitionFile));
        files.put(plugin() + "/" + definitionFile, definition == Definition.DBC ? dbc() : registerMap());
        files.put(feature() + "/pom.xml", modulePom(feature(), "eclipse-feature"));
        files.put(feature() + "/build.properties", "bin.includes = feature.xml\n");
        files.put(feature() + "/feature.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <feature id="%1$s" label="%2$s batteries for BMS Workbench" version="1.0.0.qualifier" provider-name="%2$s">
                   <description>Battery profiles of %2$s for BMS Workbench.</description>
                   <license url="">Your license text.</license>
                   <requires>
                      <import plugin="org.bmsw.profiles" version="0.1.0" match="compatible"/>
                   </requires>
                   <plugin id="%3$s" version="0.0.0"/>
                </feature>
                """.formatted(feature(), vendor(), plugin()));
        files.put(site() + "/pom.xml", modulePom(site(), "eclipse-repository"));
        files.put(site() + "/category.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <site>
                   <feature id="%1$s" version="0.0.0">
                      <category name="batteries"/>
                   </feature>
                   <category-def name="batteries" label="%2$s battery profiles"/>
                </site>
                """.formatted(feature(), vendor()));
        return files;
    }

    /** Writes the kit into {@code folder}, which must not exist or be empty; returns the files written. */
    List<Path> write(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (var entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(folder + " is not empty: give a new folder");
                }
            }
        } else if (Files.exists(folder)) {
            throw new IOException(folder + " is a file: give a new folder");
        }
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files().entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            written.add(path);
        }
        return written;
    }

    private String descriptor(String definitionFile) {
        String protocol = definition == Definition.DBC
                ? """
                  <protocol port="BMS" bus="CAN" layer="can" bitrate-bps="500000" decoder="pylon-can" role="sender"/>
                  <!-- your own frames on top of the protocol -->
                  <protocol port="BMS" bus="CAN" layer="can" bitrate-bps="500000" dbc="%s" role="sender"/>
                """.formatted(definitionFile)
                : """
                  <!-- Modbus RTU over RS485, read with your register map -->
                  <protocol port="BMS" bus="RS485" layer="rs485" bitrate-bps="9600" register-map="%s" role="responder"/>
                """.formatted(definitionFile);
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- %1$s %2$s: everything BMS Workbench needs to know about this battery. Schema: urn:bmsw:profile:1
                     (profile-1.xsd in the org.bmsw.profiles plugin). Check it with: bmsw profile check . -->
                <battery xmlns="urn:bmsw:profile:1" id="%3$s" vendor="%1$s" model="%2$s">
                  <description>What the battery is: chemistry, cells in series, capacity.</description>
                  <source>Where these facts come from: manual, revision, table.</source>
                  <limits min-voltage-V="44.8" max-voltage-V="56.8" cells-in-series="16" max-charge-current-A="100"
                          max-discharge-current-A="100" capacity-Ah="100"/>
                  <port id="BMS" label="BMS (to the inverter)" connector="rj45">
                    <pin number="1" name="RS485-B" signal="rs485-b" bus="RS485"/>
                    <pin number="2" name="RS485-A" signal="rs485-a" bus="RS485"/>
                    <pin number="3" name="NC" signal="nc"/>
                    <pin number="4" name="CAN-H" signal="can-h" bus="CAN"/>
                    <pin number="5" name="CAN-L" signal="can-l" bus="CAN"/>
                    <pin number="6" name="CAN-GND" signal="can-gnd" bus="CAN"/>
                    <pin number="7" name="NC" signal="nc"/>
                    <pin number="8" name="NC" signal="nc"/>
                  </port>
                %4$s  <led name="RUN" description="Green">
                    <indication when="normal" pattern="on" meaning="Running"/>
                  </led>
                  <alarm code="E01" text="Cell over-voltage" name="high_voltage" level="protection"/>
                </battery>
                """.formatted(vendor(), model(), id, protocol);
    }

    private String dbc() {
        return """
                VERSION ""

                NS_ :

                BS_:

                BU_: BMS INVERTER

                BO_ 1184 CellExtremes: 8 BMS
                 SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] "mV" INVERTER
                 SG_ min_cell_mV : 16|16@1+ (1,0) [0|5000] "mV" INVERTER

                CM_ BO_ 1184 "Extreme cell voltages, every second (replace with your battery's frames)";
                """;
    }

    private String registerMap() {
        return """
                {"name": "%s %s", "registers": [
                  {"address": 0, "type": "u16", "scale": 0.01, "name": "voltage_V"},
                  {"address": 1, "type": "s16", "scale": 0.1, "name": "pack_current", "canonical": "current_A"}
                ]}
                """.formatted(vendor(), model());
    }

    private String parentPom() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <!-- Builds %1$s's plugin for BMS Workbench: plugin, feature, p2 update site (%2$s/target/repository
                       and a zip of it). The workbench's API (org.bmsw.profiles) comes from the workbench's p2
                       repository, bmsw.repository below; nothing of the workbench's sources is needed. -->
                  <groupId>%3$s</groupId>
                  <artifactId>%3$s.parent</artifactId>
                  <version>1.0.0-SNAPSHOT</version>
                  <packaging>pom</packaging>
                  <properties>
                    <tycho.version>%4$s</tycho.version>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <!-- the workbench's p2 repository: a folder (file:/...), its zip (jar:file:/...zip!/) or an http(s) URL;
                         override with -Dbmsw.repository=... -->
                    <bmsw.repository>%5$s</bmsw.repository>
                  </properties>
                  <modules>
                    <module>%6$s</module>
                    <module>%7$s</module>
                    <module>%2$s</module>
                  </modules>
                  <repositories>
                    <repository>
                      <id>bmsw</id>
                      <layout>p2</layout>
                      <url>${bmsw.repository}</url>
                    </repository>
                  </repositories>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.eclipse.tycho</groupId>
                        <artifactId>tycho-maven-plugin</artifactId>
                        <version>${tycho.version}</version>
                        <extensions>true</extensions>
                      </plugin>
                      <plugin>
                        <groupId>org.eclipse.tycho</groupId>
                        <artifactId>target-platform-configuration</artifactId>
                        <version>${tycho.version}</version>
                        <configuration>
                          <environments>
                            <environment><os>linux</os><ws>gtk</ws><arch>x86_64</arch></environment>
                          </environments>
                        </configuration>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(vendor(), site(), id, TYCHO_VERSION, repository, plugin(), feature());
    }

    private String modulePom(String artifactId, String packaging) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>%1$s</groupId>
                    <artifactId>%1$s.parent</artifactId>
                    <version>1.0.0-SNAPSHOT</version>
                  </parent>
                  <artifactId>%2$s</artifactId>
                  <packaging>%3$s</packaging>
                </project>
                """.formatted(id, artifactId, packaging);
    }

    private String readme() {
        return """
                # %1$s for BMS Workbench

                A battery profile plugin for BMS Workbench, written by `bmsw profile new --id %1$s`.

                | Folder | What |
                |---|---|
                | `%2$s/` | the plugin: `profiles/%4$s.xml` (the descriptor: ports and pins, protocols, LEDs, alarms, limits) and its %5$s |
                | `%3$s/` | the feature integrators install |
                | `%6$s/` | the p2 update site: `target/repository/` and `target/%6$s-1.0.0-SNAPSHOT.zip` |

                1. Edit the descriptor and the %5$s. Check them after every save (well under a second of work):
                   `bmsw profile check .` prints every problem as `file:line:column: reason` and exits 1 while there is one.
                2. Try them in the workbench without building anything: `bmsw profiles --profile-dir .`,
                   `bmsw decode TRACE --profile %1$s --profile-dir .`, or Preferences > BMS Workbench > Profile folders.
                3. Build the update site (Java 17, Maven 3.9 or newer):
                   `mvn -Dbmsw.repository=URL clean verify`, where URL is the workbench's p2 repository: the folder or zip
                   that the workbench's `./bmsw build` writes (`file:/.../bmsw-repository` or `jar:file:/.../bmsw-repository-0.1.0.zip!/`).
                   `.mvn/maven.config` sets `-Dtycho.localArtifacts=ignore`: the build resolves the workbench only from that
                   repository, never from bundles a local build left in `~/.m2`.
                4. Install it: `bmsw plugins install %6$s/target/repository --accept-unsigned` (or Help > Install New
                   Software... > Add... > Local/Archive), then `bmsw profile show %1$s`. Uninstall:
                   `bmsw plugins uninstall %3$s`. Sign the jars (jarsigner, or Tycho's PGP signing) to drop --accept-unsigned.
                """.formatted(id, plugin(), feature(), model(),
                definition == Definition.DBC ? "DBC file (`dbc/" + model() + ".dbc`)" : "register map (`maps/" + model() + ".json`)",
                site());
    }
}
