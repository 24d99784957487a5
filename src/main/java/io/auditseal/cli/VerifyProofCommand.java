package io.auditseal.cli;

import io.auditseal.tlog.checkpoint.Checkpoint;
import io.auditseal.tlog.note.NoteException;
import io.auditseal.tlog.note.NoteVerifier;
import io.auditseal.verify.ProofBundle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code auditseal verify-proof}: checks an inclusion proof bundle fully offline. Exit 0 valid, 1 invalid, 2 usage. */
@Command(name = "verify-proof", mixinStandardHelpOptions = true,
        description = "Verify an inclusion proof bundle with the chain's verifier key, offline.")
public final class VerifyProofCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--proof", required = true, paramLabel = "FILE", description = "The bundle `prove` printed.")
    Path proof;

    @ArgGroup(exclusive = true, multiplicity = "1")
    VerifierKeyOptions key;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        NoteVerifier verifier;
        ProofBundle bundle;
        try {
            verifier = key.verifier();
            bundle = ProofBundle.fromJson(Files.readString(proof));
        } catch (IOException | NoteException | IllegalArgumentException | ProofBundle.ProofException e) {
            err.println("verify-proof: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        try {
            Checkpoint checkpoint = bundle.verify(verifier);
            out.printf("VALID: record %d of chain %s is in the tree of size %d with root %s, signed by %s%n",
                    bundle.leafIndex(), bundle.chain(), checkpoint.size(), checkpoint.rootHashHex(), verifier.name());
            out.flush();
            return AuditSealCommand.EXIT_OK;
        } catch (ProofBundle.ProofException e) {
            out.println("INVALID: " + e.getMessage());
            out.flush();
            return AuditSealCommand.EXIT_FAILED;
        }
    }
}
