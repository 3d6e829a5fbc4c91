package org.jmalloc.allocator.extent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The address-ordered treap against a {@link TreeMap} model under seeded random inserts, removes and front trims,
 * plus its structural invariants (in-order ascending, heap order on priorities, {@code maxSize} the
 * subtree maximum) read through the package-private links.
 */
class AddressTreeTest {

    private static final long SEED = Long.getLong("jmalloc.test.seed", 0xADD7E5L);
    private static final int STEPS = 100_000;
    /** Extents live in slots of 1 MiB, so random ones never overlap. */
    private static final int SLOTS = 512;
    private static final long SLOT = 1L << 20;
    private static final long PAGE = 4096;

    @Test
    void agreesWithASortedMapUnderRandomInsertsRemovesAndTrims() {
        Random random = new Random(SEED);
        AddressTree tree = new AddressTree();
        TreeMap<Long, Extent> model = new TreeMap<>();
        Extent[] bySlot = new Extent[SLOTS];
        for (int step = 0; step < STEPS; step++) {
            String where = "seed " + SEED + ", step " + step;
            int slot = random.nextInt(SLOTS);
            // Bias towards inserts while the tree is small, removes while it is large.
            boolean insert = bySlot[slot] == null && random.nextInt(SLOTS) >= model.size() / 2;
            if (insert) {
                Extent e = new Extent();
                e.size = PAGE * (1 + random.nextInt((int) (SLOT / PAGE)));
                e.base = slot * SLOT + PAGE * random.nextInt((int) ((SLOT - e.size) / PAGE) + 1);
                tree.insert(e);
                model.put(e.base, e);
                bySlot[slot] = e;
            } else if (bySlot[slot] != null && bySlot[slot].size > PAGE && random.nextInt(3) == 0) {
                // A free run whose front is taken keeps its node; the model re-keys it.
                Extent e = bySlot[slot];
                long trim = PAGE * (1 + random.nextInt((int) (e.size / PAGE) - 1));
                model.remove(e.base);
                tree.trimFront(e, trim);
                model.put(e.base, e);
            } else if (bySlot[slot] != null) {
                Extent e = bySlot[slot];
                tree.remove(e);
                model.remove(e.base);
                bySlot[slot] = null;
            }
            assertAgrees(tree, model, random, where);
            if (step % 1000 == 0) {
                assertStructure(tree, model, where);
            }
        }
        assertStructure(tree, model, "seed " + SEED + ", at the end");
        for (Extent e : new ArrayList<>(model.values())) {
            tree.remove(e);
        }
        assertTrue(tree.isEmpty(), "empty after removing everything");
        assertEquals(0, tree.count());
        assertEquals(0, tree.bytes());
        assertNull(tree.first());
        assertNull(tree.firstFit(1));
    }

    @Test
    void aTrimOfNothingOrOfTheWholeExtentIsRefused() {
        AddressTree tree = new AddressTree();
        Extent e = new Extent();
        e.base = SLOT;
        e.size = 4 * PAGE;
        tree.insert(e);
        assertThrows(IllegalArgumentException.class, () -> tree.trimFront(e, 0));
        assertThrows(IllegalArgumentException.class, () -> tree.trimFront(e, 4 * PAGE));
        assertEquals(SLOT, e.base);
        assertEquals(4 * PAGE, tree.bytes());
    }

    private static void assertAgrees(AddressTree tree, TreeMap<Long, Extent> model, Random random, String where) {
        assertEquals(model.size(), tree.count(), where + ": count");
        assertEquals(model.isEmpty(), tree.isEmpty(), where + ": isEmpty");
        Extent[] inOrder = model.values().toArray(new Extent[0]);
        long bytes = 0;
        long max = 0;
        for (Extent e : inOrder) {
            bytes += e.size;
            max = Math.max(max, e.size);
        }
        assertEquals(bytes, tree.bytes(), where + ": bytes");
        assertSame(inOrder.length == 0 ? null : inOrder[0], tree.first(), where + ": first");
        long[] probes = {
            PAGE * (1 + random.nextInt((int) (SLOT / PAGE))),
            1 + random.nextInt((int) SLOT),
            max, max + 1, SLOT + 1,
        };
        for (long n : probes) {
            Extent expected = null;
            for (Extent e : inOrder) {
                if (e.size >= n) {
                    expected = e;
                    break;
                }
            }
            Extent got = tree.firstFit(n);
            if (got != expected) {
                fail(where + ": firstFit(" + n + ") = " + got + ", model says " + expected);
            }
        }
    }

    /** In-order is the model's order; priorities form a heap; maxSize is each subtree's maximum. */
    private static void assertStructure(AddressTree tree, TreeMap<Long, Extent> model, String where) {
        List<Extent> visited = new ArrayList<>();
        tree.forEach(visited::add);
        assertEquals(new ArrayList<>(model.values()), visited, where + ": forEach order");
        // The root is the only node that is nobody's child.
        Map<Extent, Boolean> isChild = new IdentityHashMap<>();
        for (Extent e : visited) {
            if (e.left != null) {
                isChild.put(e.left, true);
            }
            if (e.right != null) {
                isChild.put(e.right, true);
            }
        }
        Extent root = null;
        for (Extent e : visited) {
            if (!isChild.containsKey(e)) {
                if (root != null) {
                    fail(where + ": two roots " + root + " and " + e);
                }
                root = e;
            }
        }
        if (visited.isEmpty()) {
            return;
        }
        assertEquals(visited.size(), checkSubtree(root, Long.MIN_VALUE, Long.MAX_VALUE, where), where + ": nodes reachable");
        // maxSize at the root: firstFit(max) finds something, firstFit(max + 1) nothing.
        assertTrue(tree.firstFit(root.maxSize) != null, where + ": firstFit(root maxSize)");
        assertNull(tree.firstFit(root.maxSize + 1), where + ": firstFit(root maxSize + 1)");
    }

    /** Returns the node count of the subtree. */
    private static int checkSubtree(Extent node, long lowExclusive, long highExclusive, String where) {
        if (node.base <= lowExclusive || node.base >= highExclusive) {
            fail(where + ": " + node + " is outside its subtree's range (" + lowExclusive + ", " + highExclusive + ")");
        }
        long max = node.size;
        int count = 1;
        for (Extent child : new Extent[] {node.left, node.right}) {
            if (child == null) {
                continue;
            }
            if (child.priority > node.priority) {
                fail(where + ": child " + child + " has priority " + child.priority + " above its parent's " + node.priority);
            }
            max = Math.max(max, child.maxSize);
        }
        if (node.left != null) {
            count += checkSubtree(node.left, lowExclusive, node.base, where);
        }
        if (node.right != null) {
            count += checkSubtree(node.right, node.base, highExclusive, where);
        }
        assertEquals(max, node.maxSize, where + ": maxSize of " + node);
        return count;
    }

    @Test
    void firstFitSkipsSmallLowExtentsForTheLowestLargeEnoughOne() {
        AddressTree tree = new AddressTree();
        Extent small = extent(0x10000, PAGE);
        Extent big = extent(0x40000, 8 * PAGE);
        Extent bigger = extent(0x20000, 4 * PAGE);
        tree.insert(big);
        tree.insert(small);
        tree.insert(bigger);
        assertSame(small, tree.first());
        assertSame(small, tree.firstFit(PAGE));
        assertSame(bigger, tree.firstFit(2 * PAGE));
        assertSame(bigger, tree.firstFit(4 * PAGE));
        assertSame(big, tree.firstFit(4 * PAGE + 1));
        assertNull(tree.firstFit(8 * PAGE + 1));
        assertEquals(13 * PAGE, tree.bytes());
    }

    @Test
    void removingAnExtentThatIsNotInTheTreeThrowsAndChangesNothing() {
        AddressTree tree = new AddressTree();
        Extent in = extent(0x10000, PAGE);
        tree.insert(in);
        Extent out = extent(0x20000, PAGE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tree.remove(out));
        assertTrue(e.getMessage().contains("not in tree"), e.getMessage());
        assertEquals(1, tree.count());
        assertEquals(PAGE, tree.bytes());
        assertSame(in, tree.first());
    }

    private static Extent extent(long base, long size) {
        Extent e = new Extent();
        e.base = base;
        e.size = size;
        return e;
    }
}
