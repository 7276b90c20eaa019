package de.bwaldvogel.mongo.backend;

/**
 * The engine's own comparisons of values, which mongo-java-server keeps package-private, for the local stack's
 * {@code PlainUpdate}: an update it applies itself has to decide "unchanged" and "greater" exactly as the engine's
 * update would. Calling the engine's methods, rather than writing them again, keeps the two from drifting apart; a
 * changed signature fails the build.
 */
public final class EngineValues {

    private EngineValues() {
    }

    /** Whether two values are equal as the engine's updates see them (1, 1L and 1.0 are; null and a missing field are). */
    public static boolean nullAwareEquals(Object a, Object b) {
        return Utils.nullAwareEquals(a, b);
    }

    /** The engine's order of BSON types (MongoDB's comparison order) between two values' types. */
    public static int compareTypes(Object a, Object b) {
        return ValueComparator.compareTypes(a, b);
    }
}
