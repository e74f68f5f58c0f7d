package org.deepraster.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What a unit's committed attempt reports to the driver (also written as {@code _committed/<id>/_unit.json}
 * lines, so that a re-submitted job that skips the unit still reports it).
 *
 * @param unit     the unit
 * @param seconds  the attempt's time
 * @param results  features written (feature tools) or pixels classified (raster tools)
 * @param problems warnings and failures of the run, for the summary
 * @param exitCode the tool's exit code (0 done, 1 some items failed)
 * @param skipped  true when an earlier submission had committed it (nothing was run)
 */
public record UnitResult(WorkUnit unit, double seconds, long results, List<String> problems, int exitCode,
                         boolean skipped) implements Serializable {
}
