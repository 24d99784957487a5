package io.auditseal.ingest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses an object that repeats a member name, at any depth, as RFC 8785 canonicalisation later would. Does what
 * Jackson's STRICT_DUPLICATE_DETECTION does, without building a hash set for every object: the names of an object
 * are compared in a small reused array, and only objects with many members fall back to a set.
 */
final class UniqueNamesParser extends JsonParserDelegate {

    /** Up to this many members, a linear scan beats hashing; Kubernetes objects mostly have fewer. */
    private static final int SCAN_LIMIT = 16;

    /** The names seen in one open object. */
    private static final class Names {
        final String[] scanned = new String[SCAN_LIMIT];
        int count;
        Set<String> many;

        void reset() {
            count = 0;
            many = null;
        }

        /** Adds {@code name}; false if the object already had it. */
        boolean add(String name) {
            if (many != null) {
                return many.add(name);
            }
            for (int i = 0; i < count; i++) {
                if (scanned[i].equals(name)) {
                    return false;
                }
            }
            if (count < SCAN_LIMIT) {
                scanned[count++] = name;
                return true;
            }
            many = new HashSet<>(List.of(scanned));
            return many.add(name);
        }
    }

    // One frame per open object, kept for reuse by the next object at the same depth.
    private final List<Names> frames = new ArrayList<>();
    private int depth;

    UniqueNamesParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token == JsonToken.START_OBJECT) {
            if (depth == frames.size()) {
                frames.add(new Names());
            }
            frames.get(depth++).reset();
        } else if (token == JsonToken.END_OBJECT) {
            depth--;
        } else if (token == JsonToken.FIELD_NAME && !frames.get(depth - 1).add(delegate.currentName())) {
            throw new JsonParseException(delegate, "Duplicate field '" + delegate.currentName() + "'");
        }
        return token;
    }
}
