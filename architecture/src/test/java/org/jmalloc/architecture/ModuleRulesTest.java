package org.jmalloc.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * {@link ModuleRules} on the main classes of every module (the jars this module depends on; no test classes).
 * {@link ModuleRulesCatchBadImportsTest} shows that the rules fail on bad imports.
 */
class ModuleRulesTest {

    private static final JavaClasses PROJECT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.jmalloc");

    @Test
    void everyModulesClassesAreImported() {
        for (String pkg : new String[] {"org.jmalloc.allocator", "org.jmalloc.lab.core.metric", "org.jmalloc.stress",
            "org.jmalloc.results", "org.jmalloc.lab", "org.jmalloc.benchmarks", "org.jmalloc.guardrails"}) {
            assertTrue(PROJECT.containPackage(pkg), "no classes of " + pkg + " imported: is its module a"
                    + " dependency of architecture/pom.xml?");
        }
    }

    @Test
    void modulesDependDownwardOnly() {
        ModuleRules.modulesDependDownwardOnly().check(PROJECT);
    }

    @Test
    void onlyTheAllocatorsPublicPackagesAreUsedOutsideIt() {
        ModuleRules.onlyTheAllocatorsPublicPackagesAreUsedOutsideIt().check(PROJECT);
    }
}
