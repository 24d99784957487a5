package io.auditseal.ingest;

import io.auditseal.chain.ChainRegistry;
import io.auditseal.chain.RegisteredChain;
import io.auditseal.format.ChainId;
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
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The request path shared by both webhooks: authenticate, decode, parse, journal. Returns only once the records
 * are durable; every refusal is an {@link IngestProblem} thrown before anything was written.
 */
@ApplicationScoped
public class Ingestor {

    static final String AUDIT = "audit";
    static final String ADMISSION = "admission";
    /** The dedupe "stage" of admission records: a request uid is recorded once. */
    static final String ADMISSION_STAGE = "Admission";

    private static final Logger LOG = Logger.getLogger(Ingestor.class);

    private final ChainRegistry registry;
    private final Journal journal;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;

    public Ingestor(ChainRegistry registry, Journal journal, IngestMetrics metrics, IngestConfig config) {
        this.registry = registry;
        this.journal = journal;
        this.metrics = metrics;
        this.maxBodyBytes = config.maxBodyBytes();
    }

    /** Journals an EventList's items. */
    public AppendResult events(IncomingRequest request) {
        long start = System.nanoTime();
        RegisteredChain chain = admit(request, AUDIT);
        String tag = chain.id().toString();
        try {
            List<EventItem> items = EventListParser.parse(body(request));
            metrics.received(tag, AUDIT, items.size());
            List<JournalEntry> entries = new ArrayList<>(items.size());
            int redacted = 0;
            for (EventItem item : items) {
                // Secret values never become durable; the apiserver's bytes still decide what a retry repeats.
                Optional<byte[]> withoutSecrets = EventRedaction.redact(item);
                redacted += withoutSecrets.isPresent() ? 1 : 0;
                entries.add(new JournalEntry(new DedupeKey(item.auditId(), item.stage()),
                        withoutSecrets.orElse(item.raw()), item.raw()));
            }
            metrics.redacted(tag, AUDIT, redacted);
            AppendResult result = append(chain.id(), entries);
            metrics.accepted(tag, AUDIT, result.accepted());
            metrics.duplicates(tag, AUDIT, result.duplicates());
            metrics.collisions(tag, AUDIT, result.collisions());
            metrics.acknowledged(AUDIT, Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (IngestProblem problem) {
            metrics.rejected(tag, AUDIT, problem.reason());
            throw problem;
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
            review = AdmissionReviewParser.parse(body(request));
        } catch (IngestProblem problem) {
            metrics.rejected(tag, ADMISSION, problem.reason());
            throw problem;
        }
        metrics.received(tag, ADMISSION, 1);
        byte[] record = admissionRecord(review, Instant.now());
        try {
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
     * replaced, see {@link SecretRedaction}.)
     */
    static byte[] admissionRecord(AdmissionRequestView review, Instant receivedAt) {
        String head = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"kind\":\"AdmissionRecord\",\"receivedAt\":\""
                + Timestamps.format(receivedAt) + "\"" + (review.dryRun() ? ",\"dryRun\":true" : "")
                + (review.secret() ? ",\"redacted\":true" : "") + ",\"request\":";
        byte[] request = review.secret() ? SecretRedaction.redact(review.rawRequest()) : review.rawRequest();
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + request.length + 1);
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(request);
        out.write('}');
        return out.toByteArray();
    }

    private RegisteredChain admit(IncomingRequest request, String endpoint) {
        Optional<ChainId> id = chainId(request);
        Optional<RegisteredChain> chain = id.flatMap(registry::find);
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

    private byte[] body(IncomingRequest request) {
        return RequestBodies.decode(request.body(), request.contentEncoding(), maxBodyBytes);
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
                                  String authorization, List<X509Certificate> peerCertificates, byte[] body) {
    }
}
