package io.auditseal.tlog.compact;

/**
 * Receives every node a {@link CompactRange} creates, so that a caller can store the nodes it needs (for example
 * to serve proofs later) while the range itself keeps only O(log n) hashes.
 */
@FunctionalInterface
public interface NodeVisitor {

    NodeVisitor NONE = (id, hash) -> { };

    void visit(NodeId id, byte[] hash);
}
