package org.jmalloc.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every module of the parent pom is a dependency of this one, so that {@link ModuleRulesTest} sees its classes: a new
 * module that is not added here fails this test, not silently the rules.
 */
class ModuleListTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(jmalloc-[^<]+)</artifactId>");

    @Test
    void everyModuleIsADependency() throws IOException {
        Path here = Path.of(System.getProperty("user.dir"));
        Path root = here.getParent();
        TreeSet<String> modules = new TreeSet<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            String module = m.group(1).trim();
            if (!root.resolve(module).equals(here)) {
                modules.add(artifactId(root.resolve(module).resolve("pom.xml")));
            }
        }
        TreeSet<String> dependencies = new TreeSet<>(all(ARTIFACT, Files.readString(here.resolve("pom.xml"))));
        dependencies.remove(artifactId(here.resolve("pom.xml")));
        dependencies.remove("jmalloc-parent");
        assertEquals(modules, dependencies, "architecture/pom.xml must depend (test scope) on every module");
    }

    /** A module pom's own artifactId: the first jmalloc-* one after its parent's. */
    private static String artifactId(Path pom) throws IOException {
        List<String> ids = all(ARTIFACT, Files.readString(pom));
        return ids.get(ids.get(0).equals("jmalloc-parent") ? 1 : 0);
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
