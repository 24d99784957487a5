package io.auditseal.cli;

import io.auditseal.hsm.HsmException;
import io.auditseal.hsm.Pkcs11Config;
import io.auditseal.hsm.Pkcs11Keygen;
import io.auditseal.hsm.Pkcs11Signer;
import io.auditseal.tlog.note.KeyId;
import io.auditseal.tlog.note.MalformedNoteException;
import io.auditseal.tlog.note.Ed25519PrivateKey;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code auditseal keygen}: a new Ed25519 checkpoint signing key in the signed-note formats. Writes the private key
 * (mode 0600) and the verifier key beside it, and never overwrites an existing file. With {@code --pkcs11-library},
 * the key pair is generated inside a PKCS#11 token instead, where the private key stays: only the verifier key is
 * written and printed.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate an Ed25519 checkpoint signing key (signed-note format), in key files or in a PKCS#11 token.")
public final class KeygenCommand implements Callable<Integer> {

    /** Where --pin-env is looked up; a test replaces it. */
    Function<String, String> environment = System::getenv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", required = true,
            description = "Key name: the chain's origin, for example auditseal/<namespace>/<chain>.")
    String name;

    @Option(names = "--out", defaultValue = ".", description = "Directory for the key files (default: ${DEFAULT-VALUE}).")
    Path out;

    @ArgGroup(exclusive = false, heading = "%nGenerate the key in a PKCS#11 token (the private key never leaves it):%n")
    Pkcs11KeyOptions pkcs11;

    @Override
    public Integer call() {
        if (pkcs11 != null) {
            return inToken();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Ed25519PrivateKey signer;
        try {
            signer = Ed25519PrivateKey.generate(name, new SecureRandom());
        } catch (MalformedNoteException e) {
            stderr.println("keygen: invalid key name: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        String base = fileBaseName(name);
        Path privateKey = out.resolve(base + ".key");
        Path verifierKey = out.resolve(base + ".vkey");
        try {
            Files.createDirectories(out);
            writeNew(privateKey, signer.encode(), true);
            writeNew(verifierKey, signer.verifier().encode(), false);
        } catch (FileAlreadyExistsException e) {
            stderr.println("keygen: " + e.getFile() + " already exists; not overwriting a key");
            return AuditSealCommand.EXIT_FAILED;
        } catch (IOException e) {
            stderr.println("keygen: cannot write key files in " + out + ": " + e.getMessage());
            return AuditSealCommand.EXIT_FAILED;
        }
        stdout.println("private key: " + privateKey + " (keep secret)");
        stdout.println("verifier key: " + verifierKey);
        stdout.println(signer.verifier().encode());
        return AuditSealCommand.EXIT_OK;
    }

    /** Generates the pair in the token; writes and prints the verifier key only. */
    private int inToken() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            KeyId.checkName(name);
        } catch (MalformedNoteException e) {
            stderr.println("keygen: invalid key name: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        Path verifierKey = out.resolve(fileBaseName(name) + ".vkey");
        if (Files.exists(verifierKey)) {
            // Checked before the token gets a key whose verifier key could not be kept.
            stderr.println("keygen: " + verifierKey + " already exists; not overwriting a key");
            return AuditSealCommand.EXIT_FAILED;
        }
        Pkcs11Config config;
        try {
            config = pkcs11.config(environment);
        } catch (IOException e) {
            stderr.println("keygen: cannot read the PIN: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            stderr.println("keygen: " + e.getMessage());
            return AuditSealCommand.EXIT_USAGE;
        }
        try (Pkcs11Signer signer = Pkcs11Keygen.generate(config, name)) {
            stdout.println("generated " + signer.describe() + "; the private key stays in the token ("
                    + signer.protection() + ")");
            stdout.println(signer.verifier().encode());
            try {
                Files.createDirectories(out);
                writeNew(verifierKey, signer.verifier().encode(), false);
            } catch (IOException e) {
                stderr.println("keygen: the key was generated, but its verifier key (printed above) could not be "
                        + "written to " + verifierKey + ": " + e.getMessage());
                return AuditSealCommand.EXIT_FAILED;
            }
            stdout.println("verifier key: " + verifierKey);
            return AuditSealCommand.EXIT_OK;
        } catch (HsmException e) {
            stderr.println("keygen: " + e.getMessage());
            return AuditSealCommand.EXIT_FAILED;
        }
    }

    /** A file name for a key name: origins hold '/', which becomes '-'. */
    static String fileBaseName(String keyName) {
        return keyName.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static void writeNew(Path file, String content, boolean secret) throws IOException {
        Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        if (secret) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the platform's defaults apply.
            }
        }
    }
}
