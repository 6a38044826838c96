package io.partita.engine.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's tables of node settings ({@code | setting | default | meaning |}) and {@link NodeConfig#DEFINITION}
 * agree: every setting of the definition is in a table (except kafka-clients' TLS settings, which one row sums up),
 * every setting named there is defined (or is a broker default of a topic config), and each row's default is the
 * definition's. A row may name several settings of one default; an empty default may be written as what it means.
 */
class ReadmeSettingsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final String TABLE_HEADER = "| setting | default | meaning |";
    private static final Pattern NAME = Pattern.compile("`([a-z0-9.]+)`");
    /** Defaults that depend on the machine: the README says how. */
    private static final Set<String> MACHINE_DEFAULTS = Set.of(NodeConfig.NUM_NETWORK_THREADS);
    /** What the README writes for a default taken from kafka-clients or Kafka's broker. */
    private static final String KAFKAS = "Kafka's";

    @Test
    void everyDefinedSettingIsInTheReadme() throws IOException {
        Set<String> documented = readmeDefaults().keySet();
        Set<String> clientTls = new ConfigDef().withClientSslSupport().names();

        Set<String> missing = new TreeSet<>(NodeConfig.DEFINITION.names());
        missing.removeAll(documented);
        missing.removeAll(clientTls);

        assertThat(missing).as("defined but not in README.md's settings tables").isEmpty();
    }

    @Test
    void everySettingInTheReadmeIsDefinedWithTheDefaultTheReadmeSays() throws IOException {
        Map<String, String> wrong = new LinkedHashMap<>();
        readmeDefaults().forEach((name, readme) -> {
            ConfigKey key = NodeConfig.DEFINITION.configKeys().get(name);
            if (key == null) {
                if (!(readme.equals(KAFKAS) && BrokerTopicDefaults.brokerSettingNames().contains(name))) wrong.put(name, "not defined");
            } else if (!agrees(key, readme)) {
                wrong.put(name, "README says " + readme + ", the definition " + defaultText(key));
            }
        });

        assertThat(wrong).as("README.md's settings tables against NodeConfig.DEFINITION").isEmpty();
    }

    private static boolean agrees(ConfigKey key, String readme) {
        if (MACHINE_DEFAULTS.contains(key.name)) return true;
        if (readme.equals(KAFKAS)) return new ConfigDef().withClientSslSupport().names().contains(key.name);
        // An empty default means something else in its place (the listener host, the listeners): said in words.
        String defined = defaultText(key);
        return defined.isEmpty() || readme.equals(defined);
    }

    private static String defaultText(ConfigKey key) {
        return key.defaultValue == null ? "" : ConfigDef.convertToString(key.defaultValue, key.type);
    }

    /**
     * Each setting named in the first cell of a settings table's row, with the row's default: its text up to a
     * parenthesis, without backticks; a dash stands for none.
     */
    private static Map<String, String> readmeDefaults() throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(README)) {
            if (line.equals(TABLE_HEADER)) {
                inTable = true;
            } else if (inTable && !line.startsWith("|")) {
                inTable = false;
            } else if (inTable && !line.startsWith("|---")) {
                List<String> cells = cells(line);
                String value = cells.get(1).replace("`", "").replaceFirst("\\s*\\(.*$", "").strip();
                String readme = value.equals("—") ? "" : value;
                for (String name : names(cells.get(0))) defaults.put(name, readme);
            }
        }
        assertThat(defaults).as("settings in README.md's tables").hasSizeGreaterThan(50);
        return defaults;
    }

    private static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        for (String cell : row.substring(1, row.length() - 1).split("\\|", -1)) cells.add(cell.strip());
        return cells;
    }

    private static List<String> names(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(cell);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
