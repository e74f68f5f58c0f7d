package org.deepraster.job;

/** An item that produced no result: skipped (not an error) or failed (after its retries). */
public record ItemProblem(Kind kind, String key, String item, String reason) {
    public enum Kind { SKIPPED, FAILED }
}
