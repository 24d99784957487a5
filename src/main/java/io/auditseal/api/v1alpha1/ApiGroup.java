package io.auditseal.api.v1alpha1;

/** The API group and version of AuditSeal's custom resources. */
public final class ApiGroup {

    public static final String GROUP = "auditseal.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** Label on every AuditSeal naming its chain; also used to select a chain's seals. */
    public static final String CHAIN_LABEL = GROUP + "/chain";

    private ApiGroup() {
    }
}
