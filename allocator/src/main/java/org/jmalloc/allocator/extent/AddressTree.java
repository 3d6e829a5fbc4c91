package org.jmalloc.allocator.extent;

/**
 * Extents ordered by address, with "the lowest-address extent of at least n bytes" in
 * {@code O(log n)}: a treap over intrusive links whose nodes also record the largest size in their
 * subtree. Used for a state's free extents (first fit at the lowest address, as jemalloc's
 * {@code eset_first_fit}) and for a bin's non-full slabs (the lowest-address slab first).
 *
 * <p>Invariants (checked by {@code AddressTreeTest} against a sorted list): in-order traversal is
 * ascending by {@code base}; a parent's priority ≥ its children's; {@code maxSize} of a node is the
 * maximum {@code size} in its subtree. Priorities are a hash of the address, so the shape is
 * reproducible. Not thread-safe: the owner's lock guards it. Allocates nothing.
 */
public final class AddressTree {

    private Extent root;
    private int count;
    private long bytes;

    public boolean isEmpty() {
        return root == null;
    }

    public int count() {
        return count;
    }

    /** Sum of the sizes of the extents in the tree. */
    public long bytes() {
        return bytes;
    }

    public void insert(Extent e) {
        e.left = null;
        e.right = null;
        e.maxSize = e.size;
        e.priority = priorityOf(e.base);
        root = insert(root, e);
        count++;
        bytes += e.size;
    }

    public void remove(Extent e) {
        root = remove(root, e);
        e.left = null;
        e.right = null;
        count--;
        bytes -= e.size;
    }

    /**
     * Gives the first {@code bytes} of {@code e}, which is in the tree, away: its base moves up and
     * it keeps its place. Nothing lies between its old and new base, so the address order holds;
     * only the {@code maxSize} records on the path from the root to it change. Cheaper than a
     * remove and an insert, for a free run whose front is taken ({@link SizeBins#trimFront}).
     */
    public void trimFront(Extent e, long bytes) {
        if (bytes <= 0 || bytes >= e.size) {
            throw new IllegalArgumentException("trim of " + bytes + " bytes from " + e);
        }
        e.base += bytes;
        e.size -= bytes;
        this.bytes -= bytes;
        refresh(root, e);
    }

    /** The lowest-address extent, or null. */
    public Extent first() {
        Extent node = root;
        if (node == null) {
            return null;
        }
        while (node.left != null) {
            node = node.left;
        }
        return node;
    }

    /** The lowest-address extent of at least {@code size} bytes, or null. */
    public Extent firstFit(long size) {
        Extent node = root;
        if (node == null || node.maxSize < size) {
            return null;
        }
        while (true) {
            Extent l = node.left;
            if (l != null && l.maxSize >= size) {
                node = l;
            } else if (node.size >= size) {
                return node;
            } else {
                node = node.right; // non-null: maxSize >= size is below this node and not on the left
            }
        }
    }

    /**
     * Calls {@code visitor} for every extent in ascending address order (for stats and purge). The
     * visitor must not modify the tree.
     */
    public void forEach(java.util.function.Consumer<Extent> visitor) {
        walk(root, visitor);
    }

    private static void walk(Extent node, java.util.function.Consumer<Extent> visitor) {
        while (node != null) {
            walk(node.left, visitor);
            visitor.accept(node);
            node = node.right;
        }
    }

    private static int priorityOf(long base) {
        long h = base * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static Extent insert(Extent node, Extent e) {
        if (node == null) {
            return e;
        }
        if (e.base < node.base) {
            node.left = insert(node.left, e);
            if (node.left.priority > node.priority) {
                node = rotateRight(node);
            }
        } else {
            node.right = insert(node.right, e);
            if (node.right.priority > node.priority) {
                node = rotateLeft(node);
            }
        }
        update(node);
        return node;
    }

    private static Extent remove(Extent node, Extent e) {
        if (node == null) {
            throw new IllegalStateException("extent not in tree: " + e);
        }
        if (node == e) {
            return merge(node.left, node.right);
        }
        if (e.base < node.base) {
            node.left = remove(node.left, e);
        } else {
            node.right = remove(node.right, e);
        }
        update(node);
        return node;
    }

    /** Recomputes {@code maxSize} on the path from {@code node} down to {@code e}. */
    private static void refresh(Extent node, Extent e) {
        if (node == null) {
            throw new IllegalStateException("extent not in tree: " + e);
        }
        if (node != e) {
            refresh(e.base < node.base ? node.left : node.right, e);
        }
        update(node);
    }

    /** Joins two treaps where every address in {@code a} is below every address in {@code b}. */
    private static Extent merge(Extent a, Extent b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }

    private static Extent rotateRight(Extent n) {
        Extent l = n.left;
        n.left = l.right;
        l.right = n;
        update(n);
        update(l);
        return l;
    }

    private static Extent rotateLeft(Extent n) {
        Extent r = n.right;
        n.right = r.left;
        r.left = n;
        update(n);
        update(r);
        return r;
    }

    private static void update(Extent n) {
        long m = n.size;
        if (n.left != null && n.left.maxSize > m) {
            m = n.left.maxSize;
        }
        if (n.right != null && n.right.maxSize > m) {
            m = n.right.maxSize;
        }
        n.maxSize = m;
    }
}
