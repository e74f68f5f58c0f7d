package org.deepraster.tool;

import java.util.List;

/**
 * The common part of every {@link ToolSpec}: the id, title, help text and parameter list a tool declares, held
 * once. A tool's spec extends it and adds how values become its record and how it runs.
 *
 * @param <P> the tool's parameters record
 */
public abstract class DeclaredTool<P> implements ToolSpec<P> {
    private final String id;
    private final String title;
    private final List<String> description;
    private final List<Parameter> parameters;

    protected DeclaredTool(String id, String title, List<String> description, List<Parameter> parameters) {
        this.id = id;
        this.title = title;
        this.description = List.copyOf(description);
        this.parameters = List.copyOf(parameters);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final List<String> description() {
        return description;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }
}
