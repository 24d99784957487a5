package io.auditseal.store.fs;

import io.auditseal.store.ObjectExistsException;
import io.auditseal.store.ObjectStore;
import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.StoreCheck;
import io.auditseal.store.StoreException;
import io.auditseal.store.StoredObject;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals in a local directory, with the bucket's layout: key {@code a/b/c} is file {@code <root>/a/b/c}. For trials
 * and the embedded demo. Objects are written once (never replaced) and made read-only, but this is NOT
 * tamper-proof storage: anyone who can write the directory can change it, and only verification would tell.
 *
 * <p>A put writes a temporary file, syncs it, and then hard-links it to its key: the link fails if the key
 * exists, so a key is never replaced, and a crash leaves either no object or a whole one.
 */
public final class DirectoryStore implements ObjectStore {

    private static final String TEMP_SUFFIX = ".partial";

    private final Path root;

    public DirectoryStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredObject put(String key, byte[] data, PutOptions options) throws StoreException {
        Path target = resolve(key);
        Path temp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(data));
                channel.force(true);
            }
            Files.createLink(target, temp);
            syncDirectory(target.getParent());
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r--r--"));
            return new StoredObject(key, null, data.clone());
        } catch (FileAlreadyExistsException e) {
            StoredObject there = get(key).orElseThrow(() -> new StoreException("object " + key + " in " + describe()
                    + " exists but cannot be read", true, e));
            return ObjectExistsException.requireSameBytes(key, data, there, describe());
        } catch (IOException e) {
            throw new StoreException("cannot write object " + key + " in " + describe() + ": " + e.getMessage(), true, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover .partial file holds nothing that a reader would take for an object.
            }
        }
    }

    @Override
    public Optional<StoredObject> get(String key, String versionId) throws StoreException {
        return versionId == null ? get(key) : Optional.empty();
    }

    @Override
    public Optional<StoredObject> get(String key) throws StoreException {
        try {
            return Optional.of(new StoredObject(key, null, Files.readAllBytes(resolve(key))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read object " + key + " in " + describe() + ": " + e.getMessage(), true, e);
        }
    }

    /** A file is its only version. */
    @Override
    public List<String> versions(String key) throws StoreException {
        return Files.exists(resolve(key)) ? java.util.Collections.singletonList(null) : List.of();
    }

    /** A directory has no Object Lock. */
    @Override
    public Optional<Retention> retention(String key) {
        return Optional.empty();
    }

    /**
     * Walks the tree tolerating concurrent writers: a temporary file that disappears between being listed and being
     * looked at (a put finishing) is skipped, not an error.
     */
    @Override
    public List<String> list(String prefix) throws StoreException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String key = root.relativize(file).toString().replace('\\', '/');
                    if (attributes.isRegularFile() && key.startsWith(prefix) && !key.endsWith(TEMP_SUFFIX)) {
                        keys.add(key);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot list " + prefix + " in " + describe() + ": " + e.getMessage(), true, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public StoreCheck check() {
        // The hard link fails if the key exists, whoever made it.
        return new StoreCheck(false, false, true, List.of());
    }

    @Override
    public String describe() {
        return "directory " + root + " (not tamper-proof)";
    }

    /** Keys are relative paths of plain segments: nothing may escape the root. */
    private Path resolve(String key) throws StoreException {
        if (key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
            throw new StoreException("invalid object key \"" + key + "\"", false, null);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new StoreException("invalid object key \"" + key + "\"", false, null);
            }
        }
        return root.resolve(key);
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
