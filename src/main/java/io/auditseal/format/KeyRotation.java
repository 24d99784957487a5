package io.auditseal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The record that hands a chain from one checkpoint signing key to the next (docs/FORMAT.md, "Key rotation"). It is
 * the only record of its seal, and that seal's checkpoint is signed by both keys: the previous key vouches for the
 * next one, and the next one proves it is held. Every later checkpoint is signed by the next key.
 *
 * <pre>{"apiVersion":"auditseal.io/v1alpha1","chain":"ns/name","kind":"KeyRotation","nextKey":"&lt;vkey&gt;",
 * "previousKey":"&lt;vkey&gt;","revokedFromTreeSize":1200,"rotatedAt":"2026-12-05T10:00:00.000000Z"}</pre>
 *
 * @param revokedFromTreeSize present for a revocation (the previous key was compromised): checkpoints signed by the
 *                            previous key alone for a tree larger than this are not to be accepted anywhere; the
 *                            chain's own seals up to the hand-over are vouched for by the next key's signature
 */
public record KeyRotation(ChainId chain, Instant rotatedAt, String previousKey, String nextKey,
                          OptionalLong revokedFromTreeSize) {

    public static final String KIND = "KeyRotation";

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    // RFC 8785 orders members by name: these three come first in every KeyRotation record and in no audit event
    // (events carry "auditID", which sorts between "apiVersion" and "chain").
    private static final byte[] PREFIX = "{\"apiVersion\":\"auditseal.io/v1alpha1\",\"chain\":\""
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] KIND_MEMBER = ("\"kind\":\"" + KIND + "\"").getBytes(StandardCharsets.UTF_8);

    public KeyRotation {
        if (previousKey.equals(nextKey)) {
            throw new IllegalArgumentException("a key rotation needs two different keys, got " + nextKey + " twice");
        }
        revokedFromTreeSize.ifPresent(size -> {
            if (size < 0) {
                throw new IllegalArgumentException("revokedFromTreeSize " + size + " is negative");
            }
        });
    }

    /** The record's canonical JSON (RFC 8785), which is its leaf data. */
    public byte[] canonical() {
        ObjectNode node = JSON.createObjectNode();
        node.put("apiVersion", "auditseal.io/v1alpha1");
        node.put("kind", KIND);
        node.put("chain", chain.toString());
        node.put("rotatedAt", Timestamps.format(rotatedAt));
        node.put("previousKey", previousKey);
        node.put("nextKey", nextKey);
        revokedFromTreeSize.ifPresent(size -> node.put("revokedFromTreeSize", size));
        try {
            return RecordCanonicalizer.canonicalize(JSON.writeValueAsBytes(node));
        } catch (IOException | InvalidRecordException e) {
            throw new IllegalStateException("logic error: a KeyRotation record is always valid JSON", e);
        }
    }

    /**
     * The KeyRotation record a canonical record holds, if it is one; a record that claims the kind but lacks a
     * member or has one of the wrong type is an error, not another kind.
     */
    public static Optional<KeyRotation> read(byte[] canonical) throws InvalidRecordException {
        if (canonical.length < PREFIX.length || !Arrays.equals(canonical, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
                || !Bytes.contains(canonical, KIND_MEMBER)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(canonical);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!KIND.equals(node.path("kind").asText(null))) {
            return Optional.empty();
        }
        try {
            ChainId chain = ChainId.parse(text(node, "chain"));
            JsonNode revoked = node.get("revokedFromTreeSize");
            if (revoked != null && !revoked.canConvertToExactIntegral()) {
                throw new InvalidRecordException("KeyRotation revokedFromTreeSize is not an integer", null);
            }
            return Optional.of(new KeyRotation(chain, Timestamps.parse(text(node, "rotatedAt")),
                    text(node, "previousKey"), text(node, "nextKey"),
                    revoked == null ? OptionalLong.empty() : OptionalLong.of(revoked.asLong())));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidRecordException("KeyRotation record is invalid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String member) throws InvalidRecordException {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual()) {
            throw new InvalidRecordException("KeyRotation record has no string " + member, null);
        }
        return value.asText();
    }
}
