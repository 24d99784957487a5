package io.auditseal.api;

import io.auditseal.api.v1alpha1.chain.AuditChain;
import io.auditseal.api.v1alpha1.seal.AuditSeal;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Build-time CRD post-processor: kubectl shows printer columns in the CRD's order, and the generator sorts them by
 * JSON path. This puts them back in the order the resource class declares its {@link AdditionalPrinterColumn}s.
 */
public class PrinterColumnOrder implements CRDPostProcessor {

    private static final Map<String, Class<? extends CustomResource<?, ?>>> KINDS = Map.of(
            CustomResource.getCRDName(AuditChain.class), AuditChain.class,
            CustomResource.getCRDName(AuditSeal.class), AuditSeal.class);

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        if (!(crd instanceof CustomResourceDefinition definition) || !KINDS.containsKey(crd.getMetadata().getName())) {
            return crd;
        }
        List<String> order = Arrays.stream(KINDS.get(crd.getMetadata().getName())
                .getAnnotationsByType(AdditionalPrinterColumn.class)).map(AdditionalPrinterColumn::name).toList();
        for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
            if (version.getAdditionalPrinterColumns() != null) {
                version.getAdditionalPrinterColumns().sort(Comparator.comparingInt(
                        (CustomResourceColumnDefinition column) -> order.indexOf(column.getName())));
            }
        }
        return crd;
    }
}
