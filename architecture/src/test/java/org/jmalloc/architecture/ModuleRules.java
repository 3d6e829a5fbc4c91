package org.jmalloc.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules between the project's modules, written by package so that modules that do not exist yet are covered the
 * day they appear:
 *
 * <pre>
 *   lab-cli          org.jmalloc.lab.. (but not lab.core)          top: may use every module below
 *   integrations     org.jmalloc.micrometer..      beside the top: the allocator only, used by no module
 *   benchmarks       org.jmalloc.benchmarks..     \
 *   stress           org.jmalloc.stress..          |  middle: each uses lab-core and the allocator,
 *   results          org.jmalloc.results..         |  none another, except that guardrails may use
 *   guardrails       org.jmalloc.guardrails..      |  results (guardrails runs the benchmarks jar as
 *   hardware-matrix  org.jmalloc.matrix..         /   a child process, it does not link it)
 *   lab-core         org.jmalloc.lab.core..        the lab's shared core: uses none of the above, nor the allocator
 *   allocator        org.jmalloc.allocator..       bottom: uses no other module
 * </pre>
 *
 * Outside {@code allocator/} only the allocator's public packages may be used: {@code org.jmalloc.allocator},
 * {@code ..allocator.os} and {@code ..allocator.sizeclass}. The layers inside the allocator are the allocator's own
 * ArchUnit test.
 */
final class ModuleRules {

    static final String ALLOCATOR = "org.jmalloc.allocator..";
    static final String LAB_CORE = "org.jmalloc.lab.core..";
    static final String BENCHMARKS = "org.jmalloc.benchmarks..";
    static final String STRESS = "org.jmalloc.stress..";
    static final String RESULTS = "org.jmalloc.results..";
    static final String GUARDRAILS = "org.jmalloc.guardrails..";
    static final String MATRIX = "org.jmalloc.matrix..";
    static final String LAB = "org.jmalloc.lab..";
    /** The integrations/ modules: bindings of the allocator to other libraries, for applications. */
    static final String[] INTEGRATIONS = {"org.jmalloc.micrometer.."};

    /** The allocator's packages that other modules may use. */
    static final String[] ALLOCATOR_PUBLIC = {"org.jmalloc.allocator", "org.jmalloc.allocator.os",
        "org.jmalloc.allocator.sizeclass"};

    private ModuleRules() {
    }

    /** Dependencies point down only: no module uses one above it or, in the middle, one beside it. */
    static ArchRule modulesDependDownwardOnly() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("allocator").definedBy(ALLOCATOR)
                .layer("lab-core").definedBy(LAB_CORE)
                .layer("benchmarks").definedBy(BENCHMARKS)
                .layer("stress").definedBy(STRESS)
                .layer("results").definedBy(RESULTS)
                .layer("guardrails").definedBy(GUARDRAILS)
                .layer("hardware-matrix").definedBy(MATRIX)
                .layer("lab-cli").definedBy(resideInAPackage(LAB).and(not(resideInAPackage(LAB_CORE)))
                        .as("org.jmalloc.lab.. but not org.jmalloc.lab.core.."))
                .layer("integrations").definedBy(INTEGRATIONS)
                .whereLayer("lab-cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("integrations").mayNotBeAccessedByAnyLayer()
                .whereLayer("benchmarks").mayOnlyBeAccessedByLayers("lab-cli")
                .whereLayer("stress").mayOnlyBeAccessedByLayers("lab-cli")
                .whereLayer("results").mayOnlyBeAccessedByLayers("guardrails", "lab-cli")
                .whereLayer("guardrails").mayOnlyBeAccessedByLayers("lab-cli")
                .whereLayer("hardware-matrix").mayOnlyBeAccessedByLayers("lab-cli")
                .whereLayer("lab-core").mayOnlyBeAccessedByLayers("benchmarks", "stress", "results", "guardrails",
                        "hardware-matrix", "lab-cli")
                .whereLayer("allocator").mayOnlyBeAccessedByLayers("benchmarks", "stress", "results", "guardrails",
                        "hardware-matrix", "lab-cli", "integrations")
                .allowEmptyShould(true)
                .because("allocator is the bottom, lab-core the lab's shared core, benchmarks, stress, results,"
                        + " guardrails and hardware-matrix the middle (guardrails may use results), lab-cli the top,"
                        + " integrations beside it on the allocator alone");
    }

    /** Outside the allocator only its public packages are used. */
    static ArchRule onlyTheAllocatorsPublicPackagesAreUsedOutsideIt() {
        return noClasses().that().resideOutsideOfPackage(ALLOCATOR)
                .should().dependOnClassesThat(resideInAPackage(ALLOCATOR).and(not(resideInAnyPackage(ALLOCATOR_PUBLIC)))
                        .as("an internal allocator package (anything but org.jmalloc.allocator, ..os, ..sizeclass)"))
                .because("the allocator's internal packages may change at any commit; its API is"
                        + " org.jmalloc.allocator, ..allocator.os and ..allocator.sizeclass");
    }
}
