package org.jmalloc.allocator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.jmalloc.allocator.os.archfixture.OsLayerReachingUp;
import org.jmalloc.allocator.sizeclass.archfixture.SizeClassReachingExtent;
import org.jmalloc.allocator.sizeclass.archfixture.SizeClassWithState;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link AllocatorLayers} can fail: each is evaluated on the production classes plus
 * one deliberately bad test-source fixture and must report that fixture, while the production
 * classes alone pass (so the failure is the fixture's).
 */
class AllocatorLayersFailTest {

    @Test
    void theRulesHoldWithoutTheFixtures() {
        EvaluationResult layers = AllocatorLayers.LAYERS.evaluate(AllocatorLayers.production());
        assertFalse(layers.hasViolation(), () -> layers.getFailureReport().toString());
        EvaluationResult fields = AllocatorLayers.NO_PUBLIC_MUTABLE_FIELDS.evaluate(AllocatorLayers.production());
        assertFalse(fields.hasViolation(), () -> fields.getFailureReport().toString());
    }

    @Test
    void anOsClassUsingTheThreadCacheBreaksTheLayers() {
        assertReported(AllocatorLayers.LAYERS, OsLayerReachingUp.class, "ThreadCache");
    }

    @Test
    void aSizeClassUsingTheExtentLayerBreaksTheLayers() {
        assertReported(AllocatorLayers.LAYERS, SizeClassReachingExtent.class, "PageIndex");
    }

    @Test
    void aPublicStaticArrayAndAPublicNonFinalFieldBreakTheFieldRule() {
        String name = SizeClassWithState.class.getName();
        assertReported(AllocatorLayers.NO_PUBLIC_MUTABLE_FIELDS, SizeClassWithState.class, name + ".TABLE",
                name + ".counter");
    }

    /** The rule fails on the production classes plus {@code fixture}, naming it and every one of {@code details}. */
    private static void assertReported(ArchRule rule, Class<?> fixture, String... details) {
        EvaluationResult result = rule.evaluate(AllocatorLayers.productionPlus(fixture));
        assertTrue(result.hasViolation(), fixture.getSimpleName() + " must violate: " + rule.getDescription());
        String report = result.getFailureReport().toString();
        assertTrue(report.contains(fixture.getName()), report);
        for (String detail : details) {
            assertTrue(report.contains(detail), "the report names " + detail + ":\n" + report);
        }
    }
}
