package org.deepraster.tool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A tool's spec with one more declared parameter: what adding a parameter to a declaration does, for tests. */
public final class ExtendedSpec<P> implements ToolSpec<P> {
    private final ToolSpec<P> base;
    private final List<Parameter> parameters;

    public ExtendedSpec(ToolSpec<P> base, Parameter extra) {
        this.base = base;
        List<Parameter> all = new ArrayList<>(base.parameters());
        all.add(extra);
        this.parameters = List.copyOf(all);
    }

    @Override
    public String id() {
        return base.id();
    }

    @Override
    public String title() {
        return base.title();
    }

    @Override
    public List<String> description() {
        return base.description();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public P parameters(ParameterValues values) throws IOException {
        return base.parameters(values);
    }

    @Override
    public ParameterValues values(P p) {
        ParameterValues v = newValues();
        for (Map.Entry<String, ParameterValues.Value> e : base.values(p).givenValues().entrySet()) {
            v.setObject(e.getKey(), e.getValue().object(), e.getValue().text());
        }
        return v;
    }

    @Override
    public int run(P p, ToolConsole console) throws IOException {
        return base.run(p, console);
    }
}
