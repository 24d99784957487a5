package io.auditseal.format;

/**
 * Where a chain's objects live, identical in an S3 bucket and in a directory store. All keys are relative to the
 * store's root (after any bucket prefix):
 *
 * <pre>
 * &lt;namespace&gt;/&lt;chain&gt;/seals/&lt;sequence, 20 digits&gt;/events.jsonl.gz
 * &lt;namespace&gt;/&lt;chain&gt;/seals/&lt;sequence, 20 digits&gt;/manifest.json
 * </pre>
 *
 * Twenty digits hold any non-negative long, so keys sort in sequence order in every store listing.
 */
public final class SealLayout {

    public static final String EVENTS_OBJECT = "events.jsonl.gz";
    public static final String MANIFEST_OBJECT = "manifest.json";

    private SealLayout() {
    }

    /** {@code <namespace>/<chain>/}: the prefix under which all of a chain's objects live. */
    public static String chainPrefix(ChainId chain) {
        return chain.namespace() + "/" + chain.name() + "/";
    }

    /** {@code seals/<sequence>/}, relative to the chain prefix. */
    public static String sealDirectory(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " is negative");
        }
        return "seals/" + String.format("%020d", sequence) + "/";
    }

    /** Events object key relative to the chain prefix: the form a manifest records. */
    public static String eventsKey(long sequence) {
        return sealDirectory(sequence) + EVENTS_OBJECT;
    }

    /** Manifest key relative to the chain prefix. */
    public static String manifestKey(long sequence) {
        return sealDirectory(sequence) + MANIFEST_OBJECT;
    }

    /** Full key of a chain-relative key. */
    public static String objectKey(ChainId chain, String chainRelativeKey) {
        return chainPrefix(chain) + chainRelativeKey;
    }

    /** The sequence a full or chain-relative manifest key names, or -1 if it names none. */
    public static long sequenceOfManifestKey(String key) {
        String suffix = "/" + MANIFEST_OBJECT;
        if (!key.endsWith(suffix)) {
            return -1;
        }
        String directory = key.substring(0, key.length() - suffix.length());
        int slash = directory.lastIndexOf('/');
        String digits = directory.substring(slash + 1);
        String parent = directory.substring(0, Math.max(slash, 0));
        if (!(parent.equals("seals") || parent.endsWith("/seals")) || !digits.matches("[0-9]{20}")) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
