package io.auditseal.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Request bodies for tests, among them one real EventList captured from kube-apiserver v1.23. */
final class Fixtures {

    /** kubectl created a namespace and a ConfigMap; the apiserver's webhook posted this batch of 5 events. */
    static final String APISERVER_EVENTLIST = "apiserver-v1.23-eventlist-ns-configmap.json";

    private Fixtures() {
    }

    static byte[] read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small EventList with the given (auditID, stage) pairs. */
    static String eventList(String... idStagePairs) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < idStagePairs.length; i += 2) {
            if (i > 0) {
                items.append(',');
            }
            items.append("{\"level\":\"Metadata\",\"auditID\":\"").append(idStagePairs[i])
                    .append("\",\"stage\":\"").append(idStagePairs[i + 1])
                    .append("\",\"requestURI\":\"/api/v1/namespaces\",\"verb\":\"list\",\"user\":{\"username\":\"test\"}}");
        }
        return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[" + items + "]}";
    }
}
