package io.auditseal.ingest;

/** The answer to an admission request: always allowed, unless a fail-closed chain could not record it. */
public record AdmissionDecision(String uid, boolean allowed, String message) {

    static AdmissionDecision allow(String uid) {
        return new AdmissionDecision(uid, true, null);
    }

    static AdmissionDecision deny(String uid, String message) {
        return new AdmissionDecision(uid, false, message);
    }
}
