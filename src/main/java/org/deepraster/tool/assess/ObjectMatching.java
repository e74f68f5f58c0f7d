package org.deepraster.tool.assess;

/**
 * How classified objects are paired with ground-truth objects.
 *
 * <ul>
 *   <li>{@link #AUTO}: {@link #ID} when the results have the id field (by default {@code SourceOID},
 *       which Classify Objects writes), else {@link #GEOMETRY};</li>
 *   <li>{@link #ID}: a result's id field equals the ground truth's id field (by default the
 *       ground-truth feature id, e.g. the GeoPackage fid);</li>
 *   <li>{@link #GEOMETRY}: one-to-one by largest overlap: every (result, truth) pair whose
 *       geometries intersect is scored by the area of their intersection (polygons) or 1 when one is
 *       a point or line that touches the other; pairs are taken greedily by descending score, each
 *       object at most once. So a result footprint goes to the ground-truth footprint it overlaps
 *       most, and a point result to the polygon it lies in.</li>
 * </ul>
 */
public enum ObjectMatching {
    AUTO, ID, GEOMETRY
}
