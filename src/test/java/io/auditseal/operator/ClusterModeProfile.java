package io.auditseal.operator;

import io.auditseal.hsm.SoftHsm;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Cluster mode against the Fabric8 mock API server: chains come from AuditChain resources. */
public class ClusterModeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "auditseal.standalone", "false",
                "auditseal.operator.chain-resync", "2s",
                // Long enough for the recorder to create each new seal's record, short enough for the test.
                "auditseal.operator.missing-seal-grace", "5s",
                // The one PKCS#11 library chains may name here: the tests' SoftHSM.
                "auditseal.pkcs11.libraries", SoftHsm.LIBRARY.toString());
    }
}
