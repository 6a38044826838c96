package io.partita.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs the compiled classes of one package of the test sources (and its subpackages) into a WAR under
 * {@code WEB-INF/classes}, for a node to deploy: the test applications are compiled with the tests, against the
 * same provided APIs, and need no module of their own. Stateless.
 */
final class TestWar {

    private TestWar() {
    }

    /** Writes {@code <name>.war} with the classes of {@code root}'s package into a new temporary directory. */
    static Path of(String name, Class<?> root) {
        try {
            Path classes = Path.of(root.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packageDir = root.getPackageName().replace('.', '/');
            Path war = Files.createTempDirectory("partita-test-war-").resolve(name + ".war");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classes.resolve(packageDir))) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            try (OutputStream out = Files.newOutputStream(war); JarOutputStream jar = new JarOutputStream(out)) {
                for (Path file : files) {
                    jar.putNextEntry(new JarEntry("WEB-INF/classes/" + classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, jar);
                    jar.closeEntry();
                }
            }
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
