package org.jmalloc.allocator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The allocator's architecture as ArchUnit rules, shared by {@link AllocatorLayersTest} (which
 * checks them on the production classes) and {@link AllocatorLayersFailTest} (which proves they
 * fail on deliberately bad fixtures).
 *
 * <pre>
 *   os ← extent ← slab ← arena ← tcache ← org.jmalloc.allocator (the API)
 *   sizeclass, sync: used by any layer, depend on no other allocator package
 *   json ← prof ← safety;  control, telemetry: observability parts the API wires in, beside the
 *                          allocation layers (which know none of them)
 *   (sync holds the lock that both slab and extent use, so it cannot live in either)
 * </pre>
 *
 * A layer may use only the layers below it (to its left); the API package may use them all and
 * no layer may use it.
 */
final class AllocatorLayers {

    static final String ROOT = "org.jmalloc.allocator";

    private static JavaClasses production;

    private AllocatorLayers() {
    }

    /** The allocator's production classes (test classes and fixtures left out), imported once. */
    static synchronized JavaClasses production() {
        if (production == null) {
            production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);
        }
        return production;
    }

    /** The production classes and one fixture class file from the test sources. */
    static JavaClasses productionPlus(Class<?> fixture) {
        String file = fixture.getName().replace('.', '/') + ".class";
        return new ClassFileImporter()
                .withImportOption(location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                        || location.contains(file))
                .importPackages(ROOT);
    }

    /** The layering: every import against the arrows above is a violation. */
    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage(ROOT + "..")
            .layer("api").definedBy(ROOT)
            .layer("tcache").definedBy(ROOT + ".tcache..")
            .layer("arena").definedBy(ROOT + ".arena..")
            .layer("slab").definedBy(ROOT + ".slab..")
            .layer("extent").definedBy(ROOT + ".extent..")
            .layer("os").definedBy(ROOT + ".os..")
            .layer("sizeclass").definedBy(ROOT + ".sizeclass..")
            .layer("json").definedBy(ROOT + ".json..")
            .layer("prof").definedBy(ROOT + ".prof..")
            .layer("control").definedBy(ROOT + ".control..")
            .layer("safety").definedBy(ROOT + ".safety..")
            .layer("telemetry").definedBy(ROOT + ".telemetry..")
            .layer("sync").definedBy(ROOT + ".sync..")
            .whereLayer("api").mayNotBeAccessedByAnyLayer()
            .whereLayer("tcache").mayOnlyAccessLayers("arena", "slab", "extent", "os", "sizeclass", "sync")
            .whereLayer("arena").mayOnlyAccessLayers("slab", "extent", "os", "sizeclass", "sync")
            .whereLayer("slab").mayOnlyAccessLayers("extent", "os", "sizeclass", "sync")
            .whereLayer("extent").mayOnlyAccessLayers("os", "sizeclass", "sync")
            .whereLayer("os").mayNotAccessAnyLayer()
            .whereLayer("sizeclass").mayNotAccessAnyLayer()
            .whereLayer("json").mayNotAccessAnyLayer()
            .whereLayer("prof").mayOnlyAccessLayers("json")
            .whereLayer("control").mayNotAccessAnyLayer()
            .whereLayer("safety").mayOnlyAccessLayers("prof")
            .whereLayer("telemetry").mayNotAccessAnyLayer()
            .whereLayer("sync").mayNotAccessAnyLayer()
            .ensureAllClassesAreContainedInArchitecture()
            .because("a layer knows only the layers below it (jemalloc: the arena need not know the tcache exists)");

    /**
     * Public fields are constants: final and not arrays (an array's contents stay writable through
     * a final field). {@code Extent} is the one exception: the page-run record that the extent,
     * slab and arena layers read and write under their locks, jemalloc's {@code edata_t}.
     */
    static final ArchRule NO_PUBLIC_MUTABLE_FIELDS = fields()
            .that().arePublic()
            .and().areDeclaredInClassesThat(DescribedPredicate.describe("are not the extent record",
                    c -> !c.getName().equals(ROOT + ".extent.Extent")))
            .should(new ArchCondition<JavaField>("be final and not of an array type") {
                @Override
                public void check(JavaField field, ConditionEvents events) {
                    boolean mutable = !field.getModifiers().contains(JavaModifier.FINAL) || field.getRawType().isArray();
                    events.add(new SimpleConditionEvent(field, !mutable,
                            field.getFullName() + (mutable ? " is a public mutable field" : " is a public constant")));
                }
            })
            .because("state is reached through methods that state their contract");
}
