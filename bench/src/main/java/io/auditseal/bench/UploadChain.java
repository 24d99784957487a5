package io.auditseal.bench;

import io.auditseal.store.PutOptions;
import io.auditseal.store.Retention;
import io.auditseal.store.RetentionMode;
import io.auditseal.store.s3.S3Store;
import io.auditseal.store.s3.S3StoreConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies a directory store's objects into a locked bucket, each under one-day COMPLIANCE retention, so the verifier
 * can be timed against S3: {@code UploadChain storeDir endpoint accessKey secretKey bucket}.
 */
public final class UploadChain {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Retention retention = new Retention(RetentionMode.COMPLIANCE, Instant.now().plus(Duration.ofDays(1)));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (S3Store store = S3Store.open(new S3StoreConfig(args[1], "us-east-1", args[4], "", true, args[2], args[3]))) {
            for (Path file : files) {
                String key = root.relativize(file).toString().replace('\\', '/');
                store.put(key, Files.readAllBytes(file), PutOptions.events(retention));
            }
        }
        System.out.println("uploaded " + files.size() + " objects");
    }
}
