package io.auditseal.api.v1alpha1.chain.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** The newest seal of a chain, as its AuditChain status shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealReference {

    @JsonPropertyDescription("Name of the AuditSeal resource.")
    private String name;

    @JsonPropertyDescription("The seal's sequence number.")
    private Long sequence;

    @JsonPropertyDescription("Root hash (hex) of the chain's log after this seal.")
    private String rootHash;

    @JsonPropertyDescription("When the seal was written, RFC 3339.")
    private String time;

    public SealReference() {
    }

    public SealReference(String name, long sequence, String rootHash, String time) {
        this.name = name;
        this.sequence = sequence;
        this.rootHash = rootHash;
        this.time = time;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Long getSequence() {
        return sequence;
    }

    public void setSequence(Long sequence) {
        this.sequence = sequence;
    }

    public String getRootHash() {
        return rootHash;
    }

    public void setRootHash(String rootHash) {
        this.rootHash = rootHash;
    }

    public String getTime() {
        return time;
    }

    public void setTime(String time) {
        this.time = time;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealReference r && Objects.equals(name, r.name) && Objects.equals(sequence, r.sequence)
                && Objects.equals(rootHash, r.rootHash) && Objects.equals(time, r.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, sequence, rootHash, time);
    }
}
