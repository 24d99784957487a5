package io.auditseal.cli;

import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.NoteVerifier;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The chain's verifier key, inline or from a file: the one trust anchor of every offline check. Used as an exclusive
 * {@code @ArgGroup}, so picocli itself refuses both at once.
 */
final class VerifierKeyOptions {

    @Option(names = "--vkey", paramLabel = "VKEY", description = "The chain's verifier key (name+id+key).")
    String vkey;

    @Option(names = "--vkey-file", paramLabel = "FILE", description = "File holding the verifier key, as you kept it; "
            + "or several, one per line: a set of keys trusted to have signed the first seal checked.")
    Path vkeyFile;

    /** The first key given: the chain's first key, for the checks that take one. */
    NoteVerifier verifier() throws IOException, MalformedNoteException {
        return verifiers().get(0);
    }

    /** Every key given: one, or a trusted set from a file of several lines. */
    List<NoteVerifier> verifiers() throws IOException, MalformedNoteException {
        if (vkey != null) {
            return List.of(NoteVerifier.parse(vkey));
        }
        List<NoteVerifier> keys = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(vkeyFile)) {
            if (!line.isBlank()) {
                keys.add(NoteVerifier.parse(line));
            }
        }
        if (keys.isEmpty()) {
            throw new MalformedNoteException(vkeyFile + " holds no verifier key");
        }
        return List.copyOf(keys);
    }

    /** The same choice as arguments of another command ({@code verify}). */
    List<String> asArguments() {
        return vkey != null ? List.of("--vkey", vkey) : List.of("--vkey-file", vkeyFile.toString());
    }
}
