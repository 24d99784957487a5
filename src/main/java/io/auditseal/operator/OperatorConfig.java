package io.auditseal.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of cluster mode ({@code auditseal.operator.*}). */
@ConfigMapping(prefix = "auditseal.operator")
public interface OperatorConfig {

    /** Name of the Lease that elects the one replica that seals. */
    @WithDefault("auditseal-leader")
    String leaseName();

    /** Namespace of the Lease; default: the namespace the process runs in (from its service account or kubeconfig). */
    Optional<String> leaseNamespace();

    /**
     * How often a chain is reconciled even when nothing changed: how soon a rotated token or key Secret, the journal
     * backlog and the head of the chain show in its status.
     */
    @WithDefault("30s")
    Duration chainResync();

    /** How long after a seal was written its missing AuditSeal is taken as deleted rather than not yet recorded. */
    @WithDefault("60s")
    Duration missingSealGrace();

    /** Most AuditSeal records restored from storage per chain reconcile; the rest follow in the next rounds. */
    @WithDefault("50")
    int restoreBatch();
}
