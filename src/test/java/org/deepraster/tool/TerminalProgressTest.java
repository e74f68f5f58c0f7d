package org.deepraster.tool;

import static org.assertj.core.api.Assertions.assertThat;

import org.deepraster.job.JobProgress;
import org.junit.jupiter.api.Test;

/** The terminal's progress line says how the cores are split once the run has measured it. */
class TerminalProgressTest {

    @Test
    void theThreadSplitFollowsTheFigures() {
        JobProgress measured = new JobProgress(50, 200, 50, 0, 0, 0, 5_000_000_000L,
                "2 inference threads, 1 reader, reading 18 % busy");
        assertThat(TerminalProgress.line(measured))
                .contains("50/200").contains("10.0/s").endsWith("  (2 inference threads, 1 reader, reading 18 % busy)");
        assertThat(TerminalProgress.line(new JobProgress(50, 200, 50, 0, 0, 0, 5_000_000_000L)))
                .doesNotContain("reader").endsWith("left");
    }
}
