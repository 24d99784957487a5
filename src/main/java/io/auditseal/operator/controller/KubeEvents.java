package io.auditseal.operator.controller;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/** Posts core/v1 Events about AuditChain and AuditSeal resources, so that {@code kubectl describe} shows them. */
@Singleton
final class KubeEvents {

    private static final Logger LOG = Logger.getLogger(KubeEvents.class);
    static final String COMPONENT = "auditseal-operator";

    private final KubernetesClient client;

    KubeEvents(KubernetesClient client) {
        this.client = client;
    }

    void warning(HasMetadata about, String reason, String message) {
        post(about, "Warning", reason, message);
    }

    void normal(HasMetadata about, String reason, String message) {
        post(about, "Normal", reason, message);
    }

    private void post(HasMetadata about, String type, String reason, String message) {
        String now = Instant.now().toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                .withNamespace(about.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                        .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                        .withUid(about.getMetadata().getUid()).build())
                .withType(type).withReason(reason)
                .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not post %s event %s on %s/%s: %s", type, reason, about.getKind(),
                    about.getMetadata().getName(), e.getMessage());
        }
    }
}
