package io.auditseal.format;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *
 * <p>A writer that stops between its two puts leaves an events object no manifest names, locked and undeletable.
 * If another writer (with another journal) then seals that sequence, its events object cannot go to the same key:
 * it takes the next free attempt key, {@code events.<attempt>.jsonl.gz} (attempt 1, 2, ...), and its manifest
 * names it. The manifest is what says which events object is the seal's.
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

    /** Highest attempt an events key may name: far beyond any real run of writers stopped at one sequence. */
    public static final int MAX_EVENTS_ATTEMPT = 9999;

    private static final Pattern ATTEMPT_OBJECT =
            Pattern.compile("events\\.([1-9][0-9]{0,3})\\.jsonl\\.gz");

    /** Events object key relative to the chain prefix, as the first attempt at the seal writes it. */
    public static String eventsKey(long sequence) {
        return sealDirectory(sequence) + EVENTS_OBJECT;
    }

    /** Events object key of {@code attempt} (0: {@code events.jsonl.gz}) at seal {@code sequence}. */
    public static String eventsKey(long sequence, int attempt) {
        if (attempt < 0 || attempt > MAX_EVENTS_ATTEMPT) {
            throw new IllegalArgumentException("events attempt " + attempt + " is not in 0.." + MAX_EVENTS_ATTEMPT);
        }
        return attempt == 0 ? eventsKey(sequence) : sealDirectory(sequence) + "events." + attempt + ".jsonl.gz";
    }

    /**
     * The attempt a chain-relative key names if it is an events key of seal {@code sequence} (exactly the form
     * {@link #eventsKey(long, int)} writes), or -1.
     */
    public static int attemptOfEventsKey(long sequence, String chainRelativeKey) {
        String directory = sealDirectory(sequence);
        if (!chainRelativeKey.startsWith(directory)) {
            return -1;
        }
        String name = chainRelativeKey.substring(directory.length());
        if (name.equals(EVENTS_OBJECT)) {
            return 0;
        }
        Matcher attempt = ATTEMPT_OBJECT.matcher(name);
        return attempt.matches() ? Integer.parseInt(attempt.group(1)) : -1;
    }

    /** Prefix of a witness's cosignature object in a seal's directory: {@code cosignature.<8 hex key ID>}. */
    public static final String COSIGNATURE_PREFIX = "cosignature.";

    /**
     * Where a witness's cosignature of seal {@code sequence}'s checkpoint is kept: one object per witness key, holding
     * its signature line (docs/FORMAT.md, "Witness cosignatures"). Relative to the chain's prefix.
     */
    public static String cosignatureKey(long sequence, int witnessKeyId) {
        return sealDirectory(sequence) + COSIGNATURE_PREFIX + String.format("%08x", witnessKeyId);
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
