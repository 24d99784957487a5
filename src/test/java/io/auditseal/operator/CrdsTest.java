package io.auditseal.operator;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * crds/ must be exactly what the build generates from the resource classes (QOSDK writes target/kubernetes/ when
 * the application is built, which a @QuarkusTest does first). To update crds/ after changing a CRD class:
 * {@code ./mvnw test -Dtest=CrdsTest -DupdateCrds=true}, which also updates the copies in the Helm chart
 * (helm/auditseal/crds/, checked by HelmChartTest).
 */
@QuarkusTest
class CrdsTest {

    private static final Path GENERATED = Path.of("target", "kubernetes");
    private static final Path COMMITTED = Path.of("crds");
    private static final Path CHART_CRDS = Path.of("helm", "auditseal", "crds");

    @Test
    void committedCrds_equalGenerated() throws IOException {
        List<Path> generated = crdFiles(GENERATED);
        assertEquals(List.of("auditchains.auditseal.io-v1.yml", "auditseals.auditseal.io-v1.yml"),
                generated.stream().map(p -> p.getFileName().toString()).toList());
        if (Boolean.getBoolean("updateCrds")) {
            for (Path file : generated) {
                Files.copy(file, COMMITTED.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(file, CHART_CRDS.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertEquals(generated.stream().map(p -> p.getFileName().toString()).toList(),
                crdFiles(COMMITTED).stream().map(p -> p.getFileName().toString()).toList(), "files in crds/");
        for (Path file : generated) {
            assertEquals(Files.readString(file), Files.readString(COMMITTED.resolve(file.getFileName())),
                    "crds/" + file.getFileName() + " differs from the generated CRD; run with -DupdateCrds=true");
        }
    }

    private static List<Path> crdFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".auditseal.io-v1.yml")).sorted().toList();
        }
    }
}
