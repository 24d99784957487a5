package io.auditseal.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;

/**
 * What a sender must present to write to a chain. The bearer token is kept only as its SHA-256, which is what
 * requests are compared against: equal-length digests compare in constant time and the token never sits in a
 * field that could be logged.
 */
public final class ChainCredentials {

    private final byte[] tokenSha256;
    private final Set<String> clientCertificateSubjects;

    private ChainCredentials(byte[] tokenSha256, Set<String> clientCertificateSubjects) {
        this.tokenSha256 = tokenSha256;
        this.clientCertificateSubjects = Set.copyOf(clientCertificateSubjects);
    }

    /** Requires at least one of the two, so that no chain is ever open to anyone. */
    public static ChainCredentials of(Optional<String> token, Set<String> clientCertificateSubjects) {
        if (token.isEmpty() && clientCertificateSubjects.isEmpty()) {
            throw new IllegalArgumentException("a chain needs a bearer token or client certificate subjects");
        }
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the chain's bearer token is empty");
        }
        return new ChainCredentials(token.map(ChainCredentials::sha256).orElse(null), clientCertificateSubjects);
    }

    /** Whether {@code presented} is the chain's token; takes the same time whatever it is. */
    public boolean tokenMatches(String presented) {
        byte[] want = tokenSha256 == null ? UNUSABLE : tokenSha256;
        return MessageDigest.isEqual(want, sha256(presented)) && tokenSha256 != null;
    }

    public Set<String> clientCertificateSubjects() {
        return clientCertificateSubjects;
    }

    /** Compared against when a chain has no token or does not exist, so that the answer takes the usual time. */
    static final byte[] UNUSABLE = sha256("no token: this digest is never the SHA-256 of a presented token");

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainCredentials c && java.util.Arrays.equals(tokenSha256, c.tokenSha256)
                && clientCertificateSubjects.equals(c.clientCertificateSubjects);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(tokenSha256) + clientCertificateSubjects.hashCode();
    }

    @Override
    public String toString() {
        return "ChainCredentials[token " + (tokenSha256 != null) + ", subjects " + clientCertificateSubjects + "]";
    }
}
