package io.auditseal.chain;

/**
 * A witness a chain submits its checkpoints to (c2sp.org/tlog-witness).
 *
 * @param url  the witness's submission prefix; requests go to {@code <url>/add-checkpoint}
 * @param vkey its cosigning key, a cosignature/v1 vkey ({@code name+keyid+base64(0x04 || key)})
 */
public record WitnessSettings(String url, String vkey) {
}
