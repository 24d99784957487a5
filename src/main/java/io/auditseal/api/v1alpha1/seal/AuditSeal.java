package io.auditseal.api.v1alpha1.seal;

import io.auditseal.api.v1alpha1.ApiGroup;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One seal of a chain, recorded by the operator after it was written and read back: a verified index over storage.
 * Named {@code <chain>-<sequence, 10 digits>}, labelled {@link ApiGroup#CHAIN_LABEL}; no owner reference, so
 * deleting the chain never deletes these records.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("auditseals")
@ShortNames("aseal")
@AdditionalPrinterColumn(name = "Chain", jsonPath = ".spec.chain", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Seq", jsonPath = ".spec.sequence", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Records", jsonPath = ".spec.recordCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Tree Size", jsonPath = ".spec.treeSize", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Verified", jsonPath = ".status.conditions[?(@.type==\"Verified\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
// A string, not a date: kubectl prints a future date column as <invalid>.
@AdditionalPrinterColumn(name = "Retain Until", jsonPath = ".spec.retention.retainUntil",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Root Hash", jsonPath = ".spec.rootHash", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
public class AuditSeal extends CustomResource<AuditSealSpec, AuditSealStatus> implements Namespaced {

    /** The resource name of seal {@code sequence} of {@code chain}. */
    public static String nameOf(String chain, long sequence) {
        return chain + "-" + String.format("%010d", sequence);
    }
}
