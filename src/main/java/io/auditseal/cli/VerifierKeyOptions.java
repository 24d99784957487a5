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

    @Option(names = "--vkey-file", paramLabel = "FILE", description = "File holding the verifier key, as you kept it.")
    Path vkeyFile;

    NoteVerifier verifier() throws IOException, MalformedNoteException {
        return NoteVerifier.parse(vkey != null ? vkey : Files.readString(vkeyFile));
    }

    /** The same choice as arguments of another command ({@code verify}). */
    List<String> asArguments() {
        return vkey != null ? List.of("--vkey", vkey) : List.of("--vkey-file", vkeyFile.toString());
    }
}
