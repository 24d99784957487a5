package io.auditseal.ingest;

import io.auditseal.chain.ChainCredentials;
import io.auditseal.chain.RegisteredChain;

import javax.security.auth.x500.X500Principal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a request may write to a chain: a bearer token equal to the chain's, or a TLS client certificate
 * (already validated against the trusted CA by the TLS layer) whose subject DN or a DNS/URI name is listed on it.
 * An unknown chain does the same work as a known one, so response times do not reveal which chains exist.
 */
final class ChainAuthenticator {

    private static final ChainCredentials NOBODY = ChainCredentials.of(Optional.of("unused"), Set.of());
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private ChainAuthenticator() {
    }

    /** Returns normally if allowed; otherwise throws the 404, 401 or 403 problem. */
    static void authenticate(Optional<RegisteredChain> chain, String chainName, String authorization,
                             List<X509Certificate> peerCertificates) {
        ChainCredentials credentials = chain.map(RegisteredChain::credentials).orElse(NOBODY);
        String token = bearerToken(authorization);
        boolean tokenOk = token != null && credentials.tokenMatches(token);
        boolean certificateOk = !peerCertificates.isEmpty()
                && certificateListed(peerCertificates.get(0), credentials.clientCertificateSubjects());
        if (chain.isEmpty()) {
            throw new IngestProblem(RejectReason.UNKNOWN_CHAIN, "no chain " + chainName);
        }
        if (tokenOk || certificateOk) {
            return;
        }
        if (token == null && peerCertificates.isEmpty()) {
            throw new IngestProblem(RejectReason.MISSING_CREDENTIALS,
                    "chain " + chainName + " needs a bearer token or a client certificate");
        }
        throw new IngestProblem(RejectReason.INVALID_CREDENTIALS, "credentials are not accepted for chain " + chainName);
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    static boolean certificateListed(X509Certificate certificate, Set<String> subjects) {
        if (subjects.isEmpty()) {
            return false;
        }
        String dn = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (subjects.contains(dn)) {
            return true;
        }
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    if ((type == SAN_DNS || type == SAN_URI) && subjects.contains(String.valueOf(name.get(1)))) {
                        return true;
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }
}
