package io.auditseal.api.v1alpha1.seal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** Where a seal's two objects are stored, with the versions written. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealStorage {

    @JsonPropertyDescription("The store, e.g. s3://bucket/prefix or a directory; never credentials.")
    private String location;

    @JsonPropertyDescription("S3 bucket (absent for directory storage).")
    private String bucket;

    @JsonPropertyDescription("Object key of manifest.json.")
    private String manifestKey;

    @JsonPropertyDescription("Object key of events.jsonl.gz.")
    private String eventsKey;

    @JsonPropertyDescription("S3 version ID of the manifest as written.")
    private String manifestVersionId;

    @JsonPropertyDescription("S3 version ID of the events object as written.")
    private String eventsVersionId;

    @JsonPropertyDescription("SHA-256 (hex) of the events object.")
    private String eventsSha256;

    @JsonPropertyDescription("Size in bytes of the events object.")
    private Long eventsSize;

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getManifestKey() {
        return manifestKey;
    }

    public void setManifestKey(String manifestKey) {
        this.manifestKey = manifestKey;
    }

    public String getEventsKey() {
        return eventsKey;
    }

    public void setEventsKey(String eventsKey) {
        this.eventsKey = eventsKey;
    }

    public String getManifestVersionId() {
        return manifestVersionId;
    }

    public void setManifestVersionId(String manifestVersionId) {
        this.manifestVersionId = manifestVersionId;
    }

    public String getEventsVersionId() {
        return eventsVersionId;
    }

    public void setEventsVersionId(String eventsVersionId) {
        this.eventsVersionId = eventsVersionId;
    }

    public String getEventsSha256() {
        return eventsSha256;
    }

    public void setEventsSha256(String eventsSha256) {
        this.eventsSha256 = eventsSha256;
    }

    public Long getEventsSize() {
        return eventsSize;
    }

    public void setEventsSize(Long eventsSize) {
        this.eventsSize = eventsSize;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealStorage o && Objects.equals(location, o.location)
                && Objects.equals(bucket, o.bucket)
                && Objects.equals(manifestKey, o.manifestKey)
                && Objects.equals(eventsKey, o.eventsKey)
                && Objects.equals(manifestVersionId, o.manifestVersionId)
                && Objects.equals(eventsVersionId, o.eventsVersionId)
                && Objects.equals(eventsSha256, o.eventsSha256)
                && Objects.equals(eventsSize, o.eventsSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(location, bucket, manifestKey, eventsKey, manifestVersionId, eventsVersionId, eventsSha256, eventsSize);
    }
}
