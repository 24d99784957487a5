package io.auditseal.cli;

import io.auditseal.format.ChainId;
import io.auditseal.format.SealLayout;
import io.auditseal.store.StoreException;
import io.auditseal.store.fs.DirectoryStore;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ChainReport;
import io.auditseal.verify.ChainVerifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * The demo's client: posts the bundled EventList batches to the running sink exactly as kube-apiserver's audit
 * webhook would (bearer token, JSON, {@code ?timeout=30s}), waits for the seals, verifies the chain from the store
 * with the chain's verifier key, and prints a summary.
 */
public final class DemoRun {

    /** Sample batches, sent in this order; the third is a retry of the first, as a real apiserver sends one. */
    static final List<String> SAMPLES = List.of(
            "01-apiserver-v1.23-namespace-configmap.json", "02-rbac-secrets.json", "03-retry-of-01.json");
    /** Seals come within the chain's maxDelay (1 s); this leaves room for a slow machine. */
    static final Duration SEAL_TIMEOUT = Duration.ofSeconds(60);

    private final Path data;
    private final int port;
    private final String token;
    private final ChainId chain;
    private final PrintWriter out;
    private final PrintWriter err;

    DemoRun(Path data, int port, String token, String namespace, String chain, PrintWriter out, PrintWriter err) {
        this.data = data;
        this.port = port;
        this.token = token;
        this.chain = new ChainId(namespace, chain);
        this.out = out;
        this.err = err;
    }

    /** Returns the process exit code. */
    public int run() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Path vkeyFile = data.resolve("keys").resolve(chain.namespace() + "-" + chain.name() + ".vkey");
            NoteVerifier vkey = NoteVerifier.parse(Files.readString(vkeyFile));
            DirectoryStore store = new DirectoryStore(data.resolve("store"));
            // A reused --data directory already holds a chain: this run extends it.
            long before = new ChainVerifier(store, chain, vkey).verifyAll().records();
            int accepted = 0;
            int duplicates = 0;
            for (String sample : SAMPLES) {
                HttpResponse<String> response = post(http, sample);
                if (response.statusCode() != 200) {
                    err.println("demo: the sink refused " + sample + ": HTTP " + response.statusCode() + " " + response.body());
                    return AuditSealCommand.EXIT_FAILED;
                }
                accepted += number(response.body(), "accepted");
                duplicates += number(response.body(), "duplicates");
            }
            Path publishedVkey = data.resolve(chain.name() + ".vkey");
            Files.copy(vkeyFile, publishedVkey, StandardCopyOption.REPLACE_EXISTING);

            ChainReport report = waitForSeals(store, vkey, before + accepted);
            if (!report.intact() || report.records() != before + accepted) {
                err.println("demo: verification FAILED: " + report.failure().map(Throwable::getMessage)
                        .orElse(report.records() + " records sealed, " + (before + accepted) + " expected"));
                return AuditSealCommand.EXIT_FAILED;
            }
            var last = report.verified().get(report.verified().size() - 1);
            out.println("AuditSeal demo: OK");
            out.printf("  chain         %s (origin %s)%n", chain, vkey.name());
            out.printf("  sent          %d batches over HTTP as kube-apiserver's audit webhook: %d events accepted, "
                    + "%d duplicates dropped%n", SAMPLES.size(), accepted, duplicates);
            out.printf("  sealed        %d seal(s), %d records, all verified from storage with the chain's public key%n",
                    report.verified().size(), report.records());
            out.printf("  root hash     %s (tree size %d)%n", last.manifest().rootHash(), last.manifest().treeSize());
            out.println("  checkpoint");
            for (String line : last.manifest().checkpoint().split("\n")) {
                out.println("                " + line);
            }
            out.printf("  seals         %s%n", data.resolve("store").resolve(SealLayout.chainPrefix(chain)).resolve("seals"));
            out.printf("  verifier key  %s%n                %s%n", publishedVkey, vkey.encode());
            out.printf("  journal       %s%n", data.resolve("journal"));
            out.flush();
            return AuditSealCommand.EXIT_OK;
        } catch (IOException | StoreException | MalformedNoteException e) {
            err.println("demo: " + e.getMessage());
            return AuditSealCommand.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuditSealCommand.EXIT_FAILED;
        }
    }

    private HttpResponse<String> post(HttpClient http, String sample) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = DemoRun.class.getResourceAsStream("/demo/" + sample)) {
            if (in == null) {
                throw new IOException("bundled sample " + sample + " is missing from the jar");
            }
            body = in.readAllBytes();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/audit/" + chain.namespace() + "/" + chain.name() + "?timeout=30s");
        return http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ChainReport waitForSeals(DirectoryStore store, NoteVerifier vkey, long records)
            throws StoreException, InterruptedException {
        long deadline = System.nanoTime() + SEAL_TIMEOUT.toNanos();
        ChainReport report = new ChainVerifier(store, chain, vkey).verifyAll();
        while (report.intact() && report.records() < records && System.nanoTime() < deadline) {
            Thread.sleep(200);
            report = new ChainVerifier(store, chain, vkey).verifyAll();
        }
        return report;
    }

    private static int number(String json, String field) {
        int at = json.indexOf("\"" + field + "\":");
        if (at < 0) {
            return 0;
        }
        int start = at + field.length() + 3;
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(start, end));
    }
}
