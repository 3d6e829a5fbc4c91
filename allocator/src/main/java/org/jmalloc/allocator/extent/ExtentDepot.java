package org.jmalloc.allocator.extent;

/**
 * Spare {@link Extent} records shared by one allocator's arenas, in chains of
 * {@value ExtentPool#BATCH}: an arena's pool that holds two chains' worth gives one here, and a pool
 * that runs dry takes one before creating records.
 *
 * <p>Without it records pile up in the wrong pools: a run freed next to a free run of another arena
 * absorbs that run, and its record goes to the pool of the arena that freed; an arena that mostly
 * frees other arenas' neighbours gathers records while the arenas that mostly cut runs create new
 * ones, so every allocate, free and purge cycle of a multi-threaded program added records (about
 * 2.7 MiB of heap per cycle of 550 MiB) that no arena would use again.
 *
 * <p>Chains are linked through their first record's {@code older} field (a pooled record is in no
 * age list). Its own lock: taken with an arena's page lock held, never the other way round.
 */
final class ExtentDepot {

    private Extent chains;
    /** Records the arenas' pools have created, for the size of their next creation ({@link ExtentPool#growth}). */
    private long created;

    synchronized long created() {
        return created;
    }

    synchronized void addCreated(long n) {
        created += n;
    }

    /** Takes a chain of {@value ExtentPool#BATCH} records linked by {@code newer}, or null when there is none. */
    synchronized Extent take() {
        Extent chain = chains;
        if (chain != null) {
            chains = chain.older;
            chain.older = null;
        }
        return chain;
    }

    /** Gives a chain of {@value ExtentPool#BATCH} reset records linked by {@code newer}. */
    synchronized void put(Extent chain) {
        chain.older = chains;
        chains = chain;
    }
}
