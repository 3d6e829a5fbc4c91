package org.jmalloc.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.jmalloc.guardrails.archfixture.UsesBenchmarks;
import org.jmalloc.lab.core.archfixture.UsesStress;
import org.jmalloc.stress.archfixture.UsesAllocatorInternals;
import org.junit.jupiter.api.Test;

/**
 * The module rules fail on deliberately bad imports: test-source fixtures placed in the packages of lab-core, stress
 * and the guardrails module that does not exist yet, each importing what its module must not.
 */
class ModuleRulesCatchBadImportsTest {

    private static JavaClasses importFixture(Class<?> fixture) {
        return new ClassFileImporter().importPackagesOf(fixture, org.jmalloc.stress.StressResult.class,
                org.jmalloc.benchmarks.impl.Impl.class, org.jmalloc.results.model.RunKind.class,
                org.jmalloc.allocator.Allocator.class);
    }

    @Test
    void labCoreUsingAModuleAboveItFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleRules.modulesDependDownwardOnly().check(importFixture(UsesStress.class)));
        assertTrue(e.getMessage().contains("UsesStress") && e.getMessage().contains("org.jmalloc.stress.StressResult"),
                e.getMessage());
    }

    @Test
    void aModuleThatDoesNotExistYetIsCoveredByItsPackage() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleRules.modulesDependDownwardOnly().check(importFixture(UsesBenchmarks.class)));
        assertTrue(e.getMessage().contains("org.jmalloc.benchmarks.impl.Impl"), e.getMessage());
        assertTrue(!e.getMessage().contains("org.jmalloc.results.model.RunKind"),
                "guardrails may use results: " + e.getMessage());
    }

    @Test
    void usingAnInternalAllocatorPackageFails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ModuleRules.onlyTheAllocatorsPublicPackagesAreUsedOutsideIt()
                        .check(importFixture(UsesAllocatorInternals.class)));
        assertTrue(e.getMessage().contains("org.jmalloc.allocator.extent.PageIndex"), e.getMessage());
    }
}
