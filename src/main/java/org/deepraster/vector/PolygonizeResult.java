package org.deepraster.vector;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link Polygonizer} wrote.
 *
 * @param polygonsPerClass   polygons written per class value
 * @param droppedSmall       segments dropped because their area was below the minimum
 * @param filledHoles        holes filled because their area was below the minimum
 * @param regularized        polygons regularised as building footprints
 * @param regularizeFallbacks of those, how many fell back to the minimum rotated rectangle
 * @param pixels             pixels read
 * @param elapsed            wall time
 */
public record PolygonizeResult(Map<Integer, Long> polygonsPerClass, long droppedSmall, long filledHoles,
                               long regularized, long regularizeFallbacks, long pixels, Duration elapsed) {

    public PolygonizeResult {
        polygonsPerClass = Map.copyOf(polygonsPerClass);
    }

    /** All polygons written. */
    public long polygons() {
        return polygonsPerClass.values().stream().mapToLong(Long::longValue).sum();
    }
}
