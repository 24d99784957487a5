package io.auditseal.operator;

import io.quarkus.test.kubernetes.client.KubernetesServer;

import java.util.function.Consumer;

/** The CRUD mock stores any resource but does not answer /version, which cluster mode checks before it starts. */
public class MockApiServer implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        server.expect().get().withPath("/version")
                .andReturn(200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0-mock\"}").always();
    }
}
