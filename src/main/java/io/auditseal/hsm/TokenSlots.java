package io.auditseal.hsm;

import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.TokenException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the slot of a token among the slots of a library that hold one. */
final class TokenSlots {

    /** A token found: its slot and its label as the token reports it. */
    record Found(Slot slot, String label) {
    }

    private TokenSlots() {
    }

    /**
     * The one slot {@code selector} names.
     *
     * @throws HsmException if no token or several tokens match, naming the tokens the library has
     */
    static Found find(PKCS11Module module, Path library, TokenSelector selector) throws HsmException {
        List<Found> present = new ArrayList<>();
        try {
            for (Slot slot : module.getSlotList(true)) {
                // CK_TOKEN_INFO.label is 32 characters padded with spaces.
                present.add(new Found(slot, slot.getToken().getTokenInfo().getLabel().strip()));
            }
        } catch (TokenException e) {
            throw new HsmException("PKCS#11 library " + library + " cannot list its tokens: " + Pkcs11Errors.describe(e), e);
        }
        if (selector instanceof TokenSelector.SlotIndex index) {
            if (index.index() >= present.size()) {
                throw new HsmException("PKCS#11 library " + library + " has " + present.size()
                        + " slots with a token, so no slot index " + index.index() + "; tokens: " + list(present));
            }
            return present.get(index.index());
        }
        String label = ((TokenSelector.Label) selector).label();
        List<Found> matching = present.stream().filter(found -> found.label().equals(label)).toList();
        if (matching.isEmpty()) {
            throw new HsmException("PKCS#11 library " + library + " has no token labelled \"" + label + "\"; tokens: "
                    + list(present));
        }
        if (matching.size() > 1) {
            throw new HsmException("PKCS#11 library " + library + " has " + matching.size() + " tokens labelled \""
                    + label + "\" (" + list(present) + "): name one by its slot index instead");
        }
        return matching.get(0);
    }

    /** {@code "a" (slot index 0), "b" (slot index 1)}, or {@code none}. */
    private static String list(List<Found> present) {
        if (present.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < present.size(); i++) {
            names.add("\"" + present.get(i).label() + "\" (slot index " + i + ")");
        }
        return String.join(", ", names);
    }
}
