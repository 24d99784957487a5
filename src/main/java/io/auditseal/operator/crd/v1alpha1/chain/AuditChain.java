package io.auditseal.operator.crd.v1alpha1.chain;

import io.auditseal.operator.crd.v1alpha1.ApiGroup;
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
public class AuditChain extends CustomResource<AuditChainSpec, AuditChainStatus> implements Namespaced {
}
