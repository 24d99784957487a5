package io.auditseal.verify;

import java.util.Optional;

/**
 * What a check of one stored seal found, per aspect: its content ({@code integrity}), its Object Lock
 * ({@code lock}) and its link to the previous seal ({@code link}).
 */
public record SealFindings(Outcome integrity, Outcome lock, Outcome link, boolean fullRehash) {

    /** The result of one aspect: passed, failed with a reason, or not checked (e.g. nothing to check it against). */
    public record Outcome(Kind kind, Optional<FailureReason> reason, String message) {

        public enum Kind { PASSED, FAILED, NOT_CHECKED }

        public static Outcome passed(String message) {
            return new Outcome(Kind.PASSED, Optional.empty(), message);
        }

        public static Outcome failed(SealVerificationException failure) {
            return new Outcome(Kind.FAILED, Optional.of(failure.reason()), failure.getMessage());
        }

        public static Outcome notChecked(String message) {
            return new Outcome(Kind.NOT_CHECKED, Optional.empty(), message);
        }

        public boolean passed() {
            return kind == Kind.PASSED;
        }
    }
}
