package io.auditseal.journal;

/** What {@link Journal#append} did: how many entries it stored and how many it dropped as duplicates. */
public record AppendResult(int accepted, int duplicates) {
}
