/**
 * Vector features: a {@link org.deepraster.feature.Feature} is a JTS geometry plus attributes in
 * its layer's CRS (x = east, y = north).
 *
 * <h2>Reading</h2>
 * {@link org.deepraster.feature.VectorFiles#open} detects the format by content and returns one
 * {@link org.deepraster.feature.FeatureCollection} per layer:
 * <ul>
 * <li>GeoPackage: every feature table; rows read with SQL, geometries decoded from the blob's WKB;
 *     CRS from gpkg_spatial_ref_sys (EPSG code when the organization is EPSG, else the WKT).</li>
 * <li>Shapefile: our own .shp/.dbf reader (Point, MultiPoint, PolyLine, Polygon, with Z and M);
 *     .prj (ESRI or OGC WKT) identified to an EPSG code when possible; .cpg for the text encoding.</li>
 * <li>GeoJSON: streamed with Jackson; WGS 84 longitude/latitude unless a legacy "crs" member says
 *     otherwise.</li>
 * </ul>
 * A missing or unreadable CRS is a warning in the collection (CRS {@code null}), not an error. Bad
 * files give a {@link org.deepraster.util.UserException} naming the file and the problem.
 *
 * <h2>Writing</h2>
 * {@link org.deepraster.feature.FeatureWriters#create} picks the writer by extension; all stream
 * batches through {@link org.deepraster.feature.FeatureWriter}. An existing output is an error
 * unless {@link org.deepraster.feature.WriteMode#OVERWRITE} (or, for GeoPackage tables,
 * {@link org.deepraster.feature.WriteMode#APPEND}) is asked for. GeoPackage is the recommended
 * output: each batch is one transaction, the SRS row is written from SIS's WKT 1, the spatial index
 * is built at close. GeoJSON output follows RFC 7946 and is reprojected to WGS 84.
 *
 * <p>No class here touches Swing; everything runs headless.
 */
package org.deepraster.feature;
