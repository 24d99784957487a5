package io.auditseal.format;

import java.util.regex.Pattern;

/**
 * A chain: the audit trail of one source cluster, named like the AuditChain resource that configures it. Both
 * parts are DNS-1123 labels, so they are safe as path segments and the name fits the {@code auditseal.io/chain}
 * label value (at most 63 characters).
 */
public record ChainId(String namespace, String name) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public ChainId {
        check("namespace", namespace);
        check("chain name", name);
    }

    /** Parses {@code namespace/name}. */
    public static ChainId parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("chain " + quote(text) + " must be written namespace/name");
        }
        return new ChainId(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The origin, and so the checkpoint key name, a chain has unless its configuration overrides it. */
    public String defaultOrigin() {
        return "auditseal/" + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    private static void check(String what, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " " + quote(value)
                    + " must be a DNS-1123 label: 1-63 lowercase letters, digits and '-', starting and ending alphanumeric");
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + (s.length() > 70 ? s.substring(0, 70) + "..." : s) + "\"";
    }
}
