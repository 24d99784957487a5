package io.auditseal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditseal.format.ChainId;
import io.auditseal.format.Digests;
import io.auditseal.format.OversizeRecord;
import io.auditseal.format.UncanonicalRecord;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.S3StoreConfig;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;
import io.auditseal.verify.VerifyOptions;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two sides of every end-to-end comparison: the events kube-apiserver wrote to its own JSON audit log, and the
 * events a chain sealed, read back from its bucket through the offline verifier. Events are keyed
 * {@code "<auditID> <stage>"} and counted: any API user can reuse an auditID (the Audit-ID header), so one key may
 * stand for several events.
 */
final class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditTrail() {
    }

    /**
     * What a chain sealed, once verified end to end.
     *
     * @param events      sealed audit events by key; one sealed twice by a fail-back (listed in JournalRebased)
     *                    counts once
     * @param uncanonical events that had no canonical form, as the sink received them (an UncanonicalRecord's raw)
     * @param oversize    OversizeRecords: events over the record limit, with the members that were kept
     * @param admissions  AdmissionRecords of the chain's admission webhook
     * @param text        every sealed record, wrapped ones unwrapped, one per line
     */
    record Sealed(Map<String, Integer> events, List<String> uncanonical, List<JsonNode> oversize,
                  List<JsonNode> admissions, String text) {
    }

    /** The apiserver's audit log ({@code --audit-log-format=json}), by key. */
    static Map<String, Integer> logged(Path auditLog) throws IOException {
        Map<String, Integer> events = new TreeMap<>();
        for (String line : Files.readAllLines(auditLog)) {
            if (!line.isBlank()) {
                JsonNode event = JSON.readTree(line);
                events.merge(key(event), 1, Integer::sum);
            }
        }
        return events;
    }

    /** Reads and verifies the whole chain from its bucket; fails if it does not verify. */
    static Sealed sealed(S3StoreConfig bucket, ChainId chain, NoteVerifier verifier) throws Exception {
        Map<String, Integer> events = new TreeMap<>();
        Map<String, String> eventOfLeaf = new HashMap<>();
        List<String> sealedTwice = new ArrayList<>();
        List<String> uncanonical = new ArrayList<>();
        List<JsonNode> oversize = new ArrayList<>();
        List<JsonNode> admissions = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (S3Store store = S3Store.open(bucket)) {
            ChainReport report = new ChainVerifier(store, chain, verifier).verify(VerifyOptions.defaults(), (index, record) -> {
                try {
                    // An event without canonical form is sealed wrapped, its exact bytes in "raw".
                    byte[] unwrapped = UncanonicalRecord.unwrap(record).orElse(record);
                    if (unwrapped != record) {
                        uncanonical.add(new String(unwrapped, StandardCharsets.UTF_8));
                    }
                    // An event over the record limit: its kept members, in an OversizeRecord.
                    Optional<byte[]> kept = OversizeRecord.event(unwrapped);
                    if (kept.isPresent()) {
                        oversize.add(JSON.readTree(unwrapped));
                    }
                    text.append(new String(unwrapped, StandardCharsets.UTF_8)).append('\n');
                    JsonNode node = JSON.readTree(kept.orElse(unwrapped));
                    String kind = node.path("kind").asText();
                    // EventList items carry no kind; AuditSeal's own records (AdmissionRecord, ...) do.
                    if (kind.isEmpty() && node.has("auditID") && node.has("stage")) {
                        String key = key(node);
                        events.merge(key, 1, Integer::sum);
                        eventOfLeaf.put(Digests.sha256Hex(record), key);
                    } else if ("AdmissionRecord".equals(kind)) {
                        admissions.add(node);
                    } else if ("JournalRebased".equals(kind)) {
                        // A fail-back that sealed records the other writer had sealed too lists them: count once.
                        node.path("alreadySealed").forEach(hash -> sealedTwice.add(hash.asText()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertTrue(report.intact(), report.failure().map(Throwable::getMessage).orElse("chain not intact"));
        }
        for (String leaf : sealedTwice) {
            events.merge(eventOfLeaf.get(leaf), -1, Integer::sum);
        }
        if (!sealedTwice.isEmpty()) {
            LOG.infof("%d records sealed twice after a fail-back, listed in JournalRebased (counted once)", sealedTwice.size());
        }
        return new Sealed(events, uncanonical, oversize, admissions, text.toString());
    }

    /**
     * The chain's sealed trail once every event of {@code logged} is sealed at least as often as logged; fails
     * naming (at most 20 of) the events still missing after {@code wait}, with their audit log lines.
     */
    static Sealed awaitSealed(S3StoreConfig bucket, ChainId chain, NoteVerifier verifier, Map<String, Integer> logged,
                              Path auditLog, Duration wait) throws Exception {
        try {
            return await().atMost(wait).pollInterval(Duration.ofSeconds(3))
                    .until(() -> sealed(bucket, chain, verifier), now -> missing(logged, now).isEmpty());
        } catch (ConditionTimeoutException e) {
            List<String> missing = missing(logged, sealed(bucket, chain, verifier));
            LOG.errorf("not sealed (%d): %s", missing.size(),
                    missing.stream().limit(20).map(key -> describe(auditLog, key)).toList());
            assertEquals(List.of(), missing.stream().limit(20).toList(),
                    missing.size() + " events logged by the apiserver but not sealed, e.g.");
            throw e;
        }
    }

    /** Keys logged more often than sealed. */
    static List<String> missing(Map<String, Integer> logged, Sealed sealed) {
        return logged.entrySet().stream().filter(e -> sealed.events().getOrDefault(e.getKey(), 0) < e.getValue())
                .map(Map.Entry::getKey).toList();
    }

    /** Keys sealed more often than logged: sealed twice, or sealed without the apiserver having logged them. */
    static List<String> sealedMoreOftenThanLogged(Sealed sealed, Map<String, Integer> logged) {
        return sealed.events().entrySet().stream().filter(e -> e.getValue() > logged.getOrDefault(e.getKey(), 0))
                .map(Map.Entry::getKey).toList();
    }

    /** Every AuditSeal of a {@code kubectl get auditseals -o json} list Verified, Locked and ChainLinked. */
    static boolean allVerifiedLockedLinked(JsonNode seals) {
        for (JsonNode seal : seals) {
            if (!seal.at("/status/verified").asBoolean(false)) {
                return false;
            }
            for (String type : List.of("Verified", "Locked", "ChainLinked")) {
                boolean holds = false;
                for (JsonNode condition : seal.at("/status/conditions")) {
                    holds |= type.equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText());
                }
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String key(JsonNode event) {
        return event.get("auditID").asText() + " " + event.get("stage").asText();
    }

    /** The audit log line of a key, shortened, for failure messages. */
    private static String describe(Path auditLog, String key) {
        try {
            String id = key.split(" ")[0];
            return Files.readAllLines(auditLog).stream().filter(l -> l.contains(id)).findFirst()
                    .map(l -> l.length() > 300 ? l.substring(0, 300) : l).orElse(key);
        } catch (IOException e) {
            return key;
        }
    }
}
