package io.auditseal.format;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReusedAuditIdTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mark_addsTheMemberInCanonicalOrder_andMarkedFindsIt() throws Exception {
        byte[] canonical = RecordCanonicalizer.canonicalize(bytes(
                "{\"verb\":\"delete\",\"annotations\":{\"a\":\"b\"},\"auditID\":\"x\",\"stage\":\"ResponseComplete\"}"));
        byte[] marked = ReusedAuditId.mark(canonical);
        assertArrayEquals(bytes("{\"annotations\":{\"a\":\"b\"},\"auditID\":\"x\",\"" + ReusedAuditId.MEMBER
                + "\":true,\"stage\":\"ResponseComplete\",\"verb\":\"delete\"}"), marked);
        assertTrue(ReusedAuditId.marked(marked));
        assertFalse(ReusedAuditId.marked(canonical));
    }

    @Test
    void marked_onlyAtTheTopLevelAndOnlyTrue() {
        // The name inside an object a client sent is not the mark.
        assertFalse(ReusedAuditId.marked(bytes("{\"auditID\":\"x\",\"requestObject\":{\"" + ReusedAuditId.MEMBER
                + "\":true}}")));
        assertFalse(ReusedAuditId.marked(bytes("{\"" + ReusedAuditId.MEMBER + "\":false}")));
        assertFalse(ReusedAuditId.marked(bytes("[1]")));
        assertFalse(ReusedAuditId.marked(bytes("not json")));
    }
}
