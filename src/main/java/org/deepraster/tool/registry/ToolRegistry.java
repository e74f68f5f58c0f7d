package org.deepraster.tool.registry;

import java.util.List;
import org.deepraster.tool.ToolSpec;
import org.deepraster.tool.classifyobjects.ClassifyObjectsSpec;
import org.deepraster.tool.classifypixels.ClassifyPixelsSpec;
import org.deepraster.tool.assess.AccuracyAssessmentSpec;
import org.deepraster.tool.detectobjects.DetectObjectsSpec;
import org.deepraster.tool.exporttrainingdata.ExportTrainingDataSpec;
import org.deepraster.tool.nms.NmsSpec;
import org.deepraster.tool.rastertopolygons.RasterToPolygonsSpec;
import org.deepraster.tool.selfsupervised.SelfSupervisedSpec;

/**
 * Every tool, in the order of {@code deepraster --help}: the one place that knows them all. Adding a tool is one
 * line here (plus its package, its entry in {@code plugin-descriptor.xml} for the toolbox, and the README).
 */
public final class ToolRegistry {
    private static final List<ToolSpec<?>> TOOLS = List.of(
            new ClassifyObjectsSpec(),
            new DetectObjectsSpec(),
            new ClassifyPixelsSpec(),
            new AccuracyAssessmentSpec(),
            new NmsSpec(),
            new ExportTrainingDataSpec(),
            new RasterToPolygonsSpec(),
            new SelfSupervisedSpec());

    private ToolRegistry() {
    }

    public static List<ToolSpec<?>> tools() {
        return TOOLS;
    }

    /** The tool of this id, or null. */
    public static ToolSpec<?> find(String id) {
        for (ToolSpec<?> t : TOOLS) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
