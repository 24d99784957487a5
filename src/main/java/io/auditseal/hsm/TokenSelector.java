package io.auditseal.hsm;

import java.util.Objects;

/** Which token of a PKCS#11 library holds the key: the one with a label, or the one in a slot. */
public sealed interface TokenSelector {

    /** Words for messages: {@code token "audit"} or {@code the token in slot index 0}. */
    String describe();

    /** The token whose label (CK_TOKEN_INFO.label, without its space padding) is {@code label}. */
    record Label(String label) implements TokenSelector {
        public Label {
            Objects.requireNonNull(label, "label");
            if (label.isBlank()) {
                throw new IllegalArgumentException("a token label is not blank");
            }
        }

        @Override
        public String describe() {
            return "token \"" + label + "\"";
        }
    }

    /**
     * The token in the slot at {@code index} of the library's slots that hold a token, in the order the library lists
     * them. Labels are the stable choice: some libraries number their slots anew when tokens come and go.
     */
    record SlotIndex(int index) implements TokenSelector {
        public SlotIndex {
            if (index < 0) {
                throw new IllegalArgumentException("slot index " + index + " is negative");
            }
        }

        @Override
        public String describe() {
            return "the token in slot index " + index;
        }
    }
}
