package org.deepraster.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input campaign of issue 21, small enough for CI: every case ends in a clean error or a clean run,
 * never a stack trace, a hang, a silent wrong output or a lost earlier output. The longer optional run adds seeded
 * corruptions: {@code -Ddeepraster.campaign.random=500} (and {@code -Ddeepraster.campaign.seed=N}).
 */
class HostileCampaignTest {
    @TempDir
    Path dir;

    @Test
    void noStackTracesHangsSilentWrongOutputsOrDataLost() throws IOException {
        HostileInputs inputs = new HostileInputs(dir);
        List<HostileInputs.Case> cases = new java.util.ArrayList<>(inputs.small());
        int random = Integer.getInteger("deepraster.campaign.random", 12);
        cases.addAll(inputs.random(random, Long.getLong("deepraster.campaign.seed", 21)));
        List<HostileInputs.Case> detect = DetectCases.cases(inputs, dir);
        cases.addAll(detect);
        List<HostileInputs.Case> vectors;
        try {
            vectors = VectorCases.cases(inputs, dir);
        } catch (Exception e) {
            throw new IOException(e);
        }
        cases.addAll(vectors);
        List<HostileInputs.Case> georef = GeorefCases.cases(inputs); // issue 21.2, each raster tool
        cases.addAll(georef);
        List<Campaign.Outcome> results = new Campaign(dir, 60).run(cases, inputs);
        String table = Campaign.table(results);
        System.out.println("Hostile-input campaign:\n" + table);
        assertThat(results).hasSameSizeAs(cases);
        assertThat(results).as(table).allMatch(o -> o.verdict() == Campaign.Verdict.CLEAN_ERROR
                || o.verdict() == Campaign.Verdict.RAN);
        assertThat(results.get(0).verdict()).as("the control case runs").isEqualTo(Campaign.Verdict.RAN);
        assertThat(results.get(cases.size() - georef.size() - vectors.size() - detect.size()).verdict())
                .as("detect-objects' control runs")
                .isEqualTo(Campaign.Verdict.RAN);
        int perTool = vectors.size() / 3;
        for (int t = 0; t < 3; t++) { // each vector tool's control and its valid shapefile and GeoJSON run
            for (int k = 0; k < 3; k++) {
                Campaign.Outcome o = results.get(cases.size() - georef.size() - vectors.size() + t * perTool + k);
                assertThat(o.verdict()).as(o.c().name() + ": " + o.message()).isEqualTo(Campaign.Verdict.RAN);
            }
        }
        assertThat(results.stream().filter(o -> o.verdict() == Campaign.Verdict.CLEAN_ERROR).count())
                .isGreaterThanOrEqualTo(cases.size() - random - 1 - georef.size() - vectors.stream()
                        .filter(c -> c.expect() != HostileInputs.Expect.REFUSED).count());
        // the georeferencing cases that must run (fallbacks, lost CRS, none) ran and said so; NaN and zero were refused
        assertThat(results.get(cases.size() - georef.size()).verdict()).as("classify-objects' control runs")
                .isEqualTo(Campaign.Verdict.RAN);
        assertThat(results.subList(cases.size() - georef.size(), cases.size())).as(table).allMatch(o ->
                o.verdict() == (o.c().expect() == HostileInputs.Expect.REFUSED ? Campaign.Verdict.CLEAN_ERROR : Campaign.Verdict.RAN));
    }
}
