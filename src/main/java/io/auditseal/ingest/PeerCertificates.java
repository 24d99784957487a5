package io.auditseal.ingest;

import io.vertx.core.http.HttpServerRequest;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** The client certificate chain the TLS layer verified for a request; empty over plain HTTP or without one. */
final class PeerCertificates {

    private PeerCertificates() {
    }

    static List<X509Certificate> of(HttpServerRequest request) {
        if (request == null || !request.isSSL()) {
            return List.of();
        }
        SSLSession session = request.sslSession();
        if (session == null) {
            return List.of();
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
            return certificates;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
