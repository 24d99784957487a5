package io.auditseal.ingest;

import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RedactionRules;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.format.ChainId;
import io.auditseal.format.OversizeRecord;
import io.auditseal.format.Timestamps;
import io.auditseal.journal.AppendResult;
import io.auditseal.journal.DedupeKey;
import io.auditseal.journal.Journal;
import io.auditseal.journal.JournalEntry;
import io.auditseal.journal.JournalException;
import io.auditseal.journal.JournalFullException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The request path shared by both webhooks: authenticate, decode, parse, journal. Returns only once the records
 * are durable; every refusal is an {@link IngestProblem} (for an EventList larger than one journal write, see
 * {@link #events} for what a refusal part-way keeps).
 */
@ApplicationScoped
public class Ingestor {

    static final String AUDIT = "audit";
    static final String ADMISSION = "admission";
    /** The dedupe "stage" of admission records: a request uid is recorded once. */
    static final String ADMISSION_STAGE = "Admission";

    /** Journal writes of an EventList hold at most this many payload bytes (plus one record). */
    static final long WRITE_BYTES = 16L << 20;

    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    private final ChainRegistry registry;
    private final Journal journal;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;
    private final long maxRecordBytes;
    private final long maxAdmissionBodyBytes;

    public Ingestor(ChainRegistry registry, Journal journal, IngestMetrics metrics, IngestConfig config) {
        this.registry = registry;
        this.journal = journal;
        this.metrics = metrics;
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxRecordBytes = config.maxRecordBytes();
        this.maxAdmissionBodyBytes = config.maxAdmissionBodyBytes();
    }

    /**
     * Journals an EventList's items as the body streams in, in writes of at most {@link #WRITE_BYTES} (plus one
     * record), so memory is bounded by bytes whatever the batch's size. A batch that fits one write is journaled
     * all or nothing; a larger one that is refused part-way keeps the writes made before the refusal, which the
     * apiserver's retry (the same bytes) then finds as duplicates.
     */
    public AppendResult events(IncomingRequest request) {
        long start = System.nanoTime();
        RegisteredChain chain = admit(request, AUDIT);
        String tag = chain.id().toString();
        try {
            requireSealable(chain);
        } catch (IngestProblem problem) {
            metrics.rejected(tag, AUDIT, problem.reason());
            throw problem;
        }
        EventWrites writes = new EventWrites(chain.id(), tag, redaction(chain));
        try (RequestBodies.Decoded body = RequestBodies.decode(request.body(), request.contentEncoding(), maxBodyBytes)) {
            int items = EventListParser.parse(body, maxRecordBytes, writes::add);
            writes.flush();
            metrics.received(tag, AUDIT, items);
            metrics.requestBytes(AUDIT, body.count());
            metrics.acknowledged(AUDIT, Duration.ofNanos(System.nanoTime() - start));
            return writes.result;
        } catch (IngestProblem problem) {
            metrics.rejected(tag, AUDIT, problem.reason());
            throw problem;
        } catch (IOException e) {
            // Closing the request's stream: whatever was read is handled already.
            LOG.debugf(e, "closing a request body of chain %s failed", tag);
            return writes.result;
        }
    }

    /** One request's journal writes, made as the items come. */
    private final class EventWrites {
        private final ChainId chain;
        private final String tag;
        private final Redaction redaction;
        private final List<JournalEntry> pending = new ArrayList<>();
        private long pendingBytes;
        private AppendResult result = new AppendResult(0, 0, 0);

        EventWrites(ChainId chain, String tag, Redaction redaction) {
            this.chain = chain;
            this.tag = tag;
            this.redaction = redaction;
        }

        void add(EventItem item, boolean eventList) {
            JournalEntry entry = entry(item);
            pending.add(entry);
            pendingBytes += entry.payload().length;
            if (pendingBytes >= WRITE_BYTES) {
                if (!eventList) {
                    throw new IngestProblem(RejectReason.WRONG_KIND, "a batch of more than " + WRITE_BYTES
                            + " bytes must give its kind and apiVersion before its items, as kube-apiserver does");
                }
                flush();
            }
        }

        private JournalEntry entry(EventItem item) {
            // Secret values never become durable; the apiserver's bytes still decide what a retry repeats.
            Optional<byte[]> withoutSecrets = EventRedaction.redact(item, redaction);
            if (withoutSecrets.isPresent()) {
                metrics.redacted(tag, AUDIT, 1);
            }
            DedupeKey key = new DedupeKey(item.auditId(), item.stage());
            if (item.whole()) {
                return new JournalEntry(key, withoutSecrets.orElse(item.raw()), item.raw());
            }
            OversizeEvent oversize = item.oversize();
            metrics.oversize(tag);
            // A digest of values that may be secret could be brute-forced: such an event keeps none.
            Optional<byte[]> sha256 = EventRedaction.applies(item.objectRef(), redaction) ? Optional.empty()
                    : Optional.of(oversize.sha256());
            byte[] record = OversizeRecord.wrap(withoutSecrets.orElse(item.raw()), maxRecordBytes, oversize.size(),
                    sha256, oversize.omitted());
            // A retry resends the same bytes: their digest tells it from another event under the same key.
            return new JournalEntry(key, record, oversize.sha256());
        }

        void flush() {
            if (pending.isEmpty()) {
                return;
            }
            AppendResult written = append(chain, List.copyOf(pending));
            pending.clear();
            pendingBytes = 0;
            metrics.accepted(tag, AUDIT, written.accepted());
            metrics.duplicates(tag, AUDIT, written.duplicates());
            metrics.collisions(tag, AUDIT, written.collisions());
            result = result.plus(written);
        }
    }

    /**
     * Records an AdmissionReview's request and answers whether to allow it. A recorder never blocks the cluster:
     * if the record cannot be made durable the request is still allowed (and counted), unless the chain is
     * fail-closed.
     */
    public AdmissionDecision admission(IncomingRequest request) {
        long start = System.nanoTime();
        RegisteredChain chain = admit(request, ADMISSION);
        String tag = chain.id().toString();
        AdmissionRequestView review;
        try {
            review = AdmissionReviewParser.parse(RequestBodies.readAll(request.body(), request.contentEncoding(),
                    maxAdmissionBodyBytes));
        } catch (IngestProblem problem) {
            metrics.rejected(tag, ADMISSION, problem.reason());
            throw problem;
        }
        metrics.received(tag, ADMISSION, 1);
        byte[] record = admissionRecord(review, Instant.now(), redaction(chain));
        try {
            requireSealable(chain);
            AppendResult result = append(chain.id(),
                    // A retried review is the same request at another receivedAt: its request bytes decide.
                    List.of(new JournalEntry(new DedupeKey(review.uid(), ADMISSION_STAGE), record, review.rawRequest())));
            metrics.accepted(tag, ADMISSION, result.accepted());
            metrics.duplicates(tag, ADMISSION, result.duplicates());
            metrics.collisions(tag, ADMISSION, result.collisions());
            metrics.acknowledged(ADMISSION, Duration.ofNanos(System.nanoTime() - start));
            return AdmissionDecision.allow(review.uid());
        } catch (IngestProblem problem) {
            metrics.rejected(tag, ADMISSION, problem.reason());
            metrics.admissionUnrecorded(tag);
            LOG.errorf("admission request %s for chain %s was not recorded: %s", review.uid(), tag, problem.getMessage());
            if (chain.failClosed()) {
                return AdmissionDecision.deny(review.uid(), "AuditSeal could not record this request durably for chain "
                        + tag + " (failClosed): " + problem.getMessage());
            }
            return AdmissionDecision.allow(review.uid());
        }
    }

    /**
     * The record kept for an admission request. The request's bytes go in verbatim; canonicalisation comes later.
     *
     * <pre>{"apiVersion":"auditseal.io/v1alpha1","kind":"AdmissionRecord","receivedAt":"...","dryRun":true,"redacted":true,"request":{...}}</pre>
     * ({@code dryRun} only when the request is a dry run; {@code redacted} only for a Secret, whose values are
     * replaced, see {@link SecretRedaction}, or a resource the chain's own rules name.)
     */
    static byte[] admissionRecord(AdmissionRequestView review, Instant receivedAt) {
        return admissionRecord(review, receivedAt, Redaction.BUILT_IN);
    }

    /** The same, with a chain's redaction: its own rules applied to {@code object} and {@code oldObject} as well. */
    static byte[] admissionRecord(AdmissionRequestView review, Instant receivedAt, Redaction redaction) {
        ObjectRef about = review.resource();
        List<RedactionRules.Rule> matching = redaction.matching(about);
        boolean secret = about.secrets() && redaction.builtInApplies(about);
        boolean redacted = secret || !matching.isEmpty();
        String head = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"AdmissionRecord\",\"receivedAt\":\""
                + Timestamps.format(receivedAt) + "\"" + (review.dryRun() ? ",\"dryRun\":true" : "")
                + (redacted ? ",\"redacted\":true" : "") + ",\"request\":";
        byte[] request = redacted ? SecretRedaction.redact(review.rawRequest(), secret, matching)
                : review.rawRequest();
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + request.length + 1);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(request);
        out.write('}');
        return out.toByteArray();
    }

    /** What is removed from the chain's records: its settings, and where the sink's key material lives. */
    private Redaction redaction(RegisteredChain chain) {
        return Redaction.of(chain.settings().redaction(), registry::holdsKeyMaterial);
    }

    private RegisteredChain admit(IncomingRequest request, String endpoint) {
        Optional<ChainId> id = chainId(request);
        Optional<RegisteredChain> chain = id.flatMap(registry::accepting);
        String name = request.namespace() + "/" + request.chain();
        try {
            if (chain.isEmpty() && id.isPresent() && registry.pending(id.get())) {
                throw new IngestProblem(RejectReason.CHAIN_LOADING, "chain " + name + " is being loaded; retry");
            }
            ChainAuthenticator.authenticate(chain, name, request.authorization(), request.peerCertificates());
            RequestBodies.requireJson(request.contentType());
        } catch (IngestProblem problem) {
            metrics.rejected(chain.isPresent() ? name : IngestMetrics.UNKNOWN_CHAIN, endpoint, problem.reason());
            throw problem;
        }
        return chain.orElseThrow();
    }

    /**
     * Refuses the records of a chain that cannot seal them until an operator acts: a 200 promises a seal, and a
     * retryable 503 is the honest answer instead (kube-apiserver's own error log then shows what it could not deliver).
     */
    private void requireSealable(RegisteredChain chain) {
        Optional<String> why = registry.whyUnsealable(chain.id());
        if (why.isPresent()) {
            throw unsealable(chain.id(), why.get());
        }
    }

    static IngestProblem unsealable(ChainId chain, String why) {
        return new IngestProblem(RejectReason.SEALING_HALTED, "chain " + chain + " cannot seal records until an "
                + "operator acts (" + why + "); see its AuditChain's Sealing condition. Retry later");
    }

    private AppendResult append(ChainId chain, List<JournalEntry> entries) {
        try {
            return journal.append(chain, entries);
        } catch (JournalFullException e) {
            throw new IngestProblem(RejectReason.JOURNAL_FULL, "journal is full, retry later: " + e.getMessage());
        } catch (JournalException e) {
            LOG.errorf(e, "journal write for chain %s failed", chain);
            throw new IngestProblem(RejectReason.JOURNAL_UNAVAILABLE, "journal write failed, retry later");
        }
    }

    private static Optional<ChainId> chainId(IncomingRequest request) {
        try {
            return Optional.of(new ChainId(request.namespace(), request.chain()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a webhook request brings, independent of the HTTP framework. */
    public record IncomingRequest(String namespace, String chain, String contentType, String contentEncoding,
                                  String authorization, List<X509Certificate> peerCertificates, InputStream body) {
    }
}
