package org.deepraster.model;

/**
 * One entry of the .emd's {@code ModelArguments} list (our extension, in the shape of ArcGIS's
 * Python raster functions' {@code getParameterInfo}): {@code {name, dataType, value, required,
 * displayName, description, domain}}. {@code value} is the default as text; {@code domain} is kept
 * as a plain Java value (List of choices, or a Map such as {@code {"range":[0,1]}}), or null.
 */
public record ModelArgumentDecl(String name, String dataType, String value, boolean required,
                                String displayName, String description, Object domain) {
}
