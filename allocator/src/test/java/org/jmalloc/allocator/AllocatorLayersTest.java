package org.jmalloc.allocator;

import org.junit.jupiter.api.Test;

/**
 * The production classes keep the layering and expose no public mutable field
 * ({@link AllocatorLayers}); {@link AllocatorLayersFailTest} proves both rules can fail. Plain
 * JUnit tests calling {@code ArchRule.check}, which throws an {@code AssertionError} listing every
 * violation.
 */
class AllocatorLayersTest {

    @Test
    void layersDependOnlyOnTheLayersBelow() {
        AllocatorLayers.LAYERS.check(AllocatorLayers.production());
    }

    @Test
    void publicFieldsAreConstants() {
        AllocatorLayers.NO_PUBLIC_MUTABLE_FIELDS.check(AllocatorLayers.production());
    }
}
