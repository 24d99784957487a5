package io.auditseal;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layering of docs/ARCHITECTURE.md, checked on the compiled main classes. The data path reads inward:
 * {@code tlog} (pure) ← {@code format} ← {@code journal}, {@code store} ← {@code seal}; the CRD classes
 * ({@code api.v1alpha1}) stop at the operator, the server wiring and the YAML loader.
 */
class ArchitectureTest {

    private static final String ROOT = "io.auditseal";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    private static void check(ArchRule rule) {
        rule.check(MAIN);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @Test
    void topLevelPackages_haveNoCycles() {
        check(slices().matching(ROOT + ".(*)..").should().beFreeOfCycles());
    }

    @Test
    void packages_haveNoCycles() {
        check(slices().matching(ROOT + ".(**)").should().beFreeOfCycles());
    }

    @Test
    void rootPackage_holdsOnlyMain() {
        check(classes().that().resideInAPackage(ROOT).and().areTopLevelClasses()
                .should().haveFullyQualifiedName(ROOT + ".Main"));
    }

    @Test
    void tlog_dependsOnNothingOfTheProject() {
        check(noClasses().that().resideInAPackage(pkg("tlog"))
                .should().dependOnClassesThat(resideInProjectOutside("tlog")));
    }

    @Test
    void format_dependsOnlyOnTlog() {
        check(noClasses().that().resideInAPackage(pkg("format"))
                .should().dependOnClassesThat(resideInProjectOutside("format", "tlog")));
    }

    @Test
    void store_dependsOnNothingOfTheProject() {
        check(noClasses().that().resideInAPackage(pkg("store"))
                .should().dependOnClassesThat(resideInProjectOutside("store")));
    }

    @Test
    void journal_dependsOnlyOnFormat() {
        check(noClasses().that().resideInAPackage(pkg("journal"))
                .should().dependOnClassesThat(resideInProjectOutside("journal", "format", "tlog")));
    }

    @Test
    void hsm_dependsOnlyOnTlog() {
        check(noClasses().that().resideInAPackage(pkg("hsm"))
                .should().dependOnClassesThat(resideInProjectOutside("hsm", "tlog")));
    }

    @Test
    void chain_seesNoKubernetesTypesAndNoUpperLayer() {
        check(noClasses().that().resideInAPackage(pkg("chain"))
                .should().dependOnClassesThat(resideInProjectOutside("chain", "format", "store", "tlog", "hsm")));
        check(noClasses().that().resideInAPackage(pkg("chain"))
                .should().dependOnClassesThat().resideInAPackage("io.fabric8.."));
    }

    @Test
    void seal_dependsOnlyOnTheLayersBelowIt() {
        check(noClasses().that().resideInAPackage(pkg("seal"))
                .should().dependOnClassesThat(resideInProjectOutside("seal", "journal", "store", "format", "tlog")));
    }

    @Test
    void verify_readsStorageAndTheFormatOnly() {
        check(noClasses().that().resideInAPackage(pkg("verify"))
                .should().dependOnClassesThat(resideInProjectOutside("verify", "store", "format", "tlog")));
    }

    @Test
    void witness_submitsCheckpointsFromStorage_andNothingElse() {
        check(noClasses().that().resideInAPackage(pkg("witness"))
                .should().dependOnClassesThat(resideInProjectOutside("witness", "store", "format", "tlog")));
    }

    @Test
    void ingest_writesTheJournalForRegisteredChainsOnly() {
        check(noClasses().that().resideInAPackage(pkg("ingest"))
                .should().dependOnClassesThat(resideInProjectOutside("ingest", "chain", "journal", "format", "tlog")));
    }

    @Test
    void crdClasses_areSeenOnlyByTheOperatorTheServerAndTheYamlLoader() {
        check(noClasses().that().resideOutsideOfPackages(pkg("api"), pkg("operator"), pkg("server"))
                .should().dependOnClassesThat().resideInAPackage(pkg("api")));
    }

    @Test
    void cli_neverSeesTheOperatorOrTheServer() {
        check(noClasses().that().resideInAPackage(pkg("cli"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("operator"), pkg("server"), pkg("api"),
                        pkg("ingest"), pkg("seal")));
    }

    @Test
    void onlyTheOperatorAndTheServerSeeTheOperatorFramework() {
        check(noClasses().that().resideOutsideOfPackages(pkg("operator"), pkg("server"), pkg("api"))
                .should().dependOnClassesThat().resideInAnyPackage("io.javaoperatorsdk..", "io.quarkiverse.operatorsdk.."));
    }

    @Test
    void onlyHsmSeesThePkcs11Wrapper() {
        check(noClasses().that().resideOutsideOfPackage(pkg("hsm"))
                .should().dependOnClassesThat().resideInAnyPackage("org.xipki..", "iaik.."));
    }

    @Test
    void onlyTheS3StoreSeesMinio() {
        check(noClasses().that().resideOutsideOfPackage(pkg("store.s3"))
                .should().dependOnClassesThat().resideInAPackage("io.minio.."));
    }

    /** Classes of this project outside the named top-level packages. */
    private static DescribedPredicate<JavaClass> resideInProjectOutside(String... allowed) {
        return DescribedPredicate.describe(
                "in " + ROOT + " outside " + String.join(", ", allowed), c -> {
                    String name = c.getPackageName();
                    if (!name.equals(ROOT) && !name.startsWith(ROOT + ".")) {
                        return false;
                    }
                    for (String a : allowed) {
                        String p = ROOT + "." + a;
                        if (name.equals(p) || name.startsWith(p + ".")) {
                            return false;
                        }
                    }
                    return true;
                });
    }
}
