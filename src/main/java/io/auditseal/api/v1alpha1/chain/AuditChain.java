package io.auditseal.api.v1alpha1.chain;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A chain: where one source cluster's audit trail is received, sealed and kept. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("auditchains")
@ShortNames("achain")
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.clusterName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Storage Ready", jsonPath = ".status.conditions[?(@.type==\"StorageReady\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Tree Size", jsonPath = ".status.treeSize", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Seals", jsonPath = ".status.sealCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last Seal", jsonPath = ".status.lastSeal.time", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
public class AuditChain extends CustomResource<AuditChainSpec, AuditChainStatus> implements Namespaced {
}
