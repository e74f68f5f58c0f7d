package org.deepraster.toolbox;

import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import org.deepraster.tool.EnvironmentParameters;
import org.deepraster.tool.ParameterValues;
import org.deepraster.tool.ToolSpec;
import org.deepraster.util.UserException;

/**
 * What ties a tool dialog to its tool's declarations: the dialog builds the parameters record of its own widgets;
 * here it becomes the tool's values ({@link ToolSpec#values}), joined by those of the declared parameters the dialog
 * has no widget for ({@link ParameterForm}), and back the record the run gets ({@link ToolSpec#parameters}), so that
 * the run, the command-line preview and the saved job always say the same. EDT only.
 *
 * @param <P> the tool's parameters record
 */
final class DeclaredParameters<P> {
    private final ToolSpec<P> spec;
    private final ParameterForm more;
    private final CommandLinePreview command;
    private final java.util.List<ParameterForm> extra = new java.util.ArrayList<>();
    private java.util.function.Consumer<ParameterValues> namer = v -> {
    };

    /** {@code shown}: the parameters the dialog shows with widgets of its own (or decides by its Overwrite / Resume question). */
    DeclaredParameters(String prefix, ToolSpec<P> spec, Set<String> shown) {
        this.spec = spec;
        this.more = new ParameterForm(prefix, spec, shown);
        this.command = new CommandLinePreview(prefix, spec);
    }

    /**
     * How the dialog names the map layers of its values on the command line ({@code values.setObject(name, object,
     * file)} for a layer held in memory), called after the record's values are set.
     */
    void nameLayers(java.util.function.Consumer<ParameterValues> namer) {
        this.namer = namer;
    }


    /** A form of some declared parameters the dialog shows apart (e.g. only for some models); counted while shown. */
    void alsoFrom(ParameterForm form) {
        extra.add(form);
    }

    /** The declared parameters without a widget of the dialog's own, for the form. */
    ParameterForm more() {
        return more;
    }

    /** The command line and Save job…, for the form. */
    CommandLinePreview command() {
        return command;
    }

    /**
     * The values of the dialog's record {@code own} and of the generic widgets. {@code maskFile}: the file the mask
     * layer came from (its text on the command line), or null.
     */
    ParameterValues values(P own, String maskFile) {
        ParameterValues v = spec.values(own);
        if (maskFile != null && v.declares(EnvironmentParameters.MASK)) {
            v.setObject(EnvironmentParameters.MASK, v.object(EnvironmentParameters.MASK), maskFile);
        }
        namer.accept(v);
        for (ParameterForm f : extra) {
            if (f.isShown()) {
                f.put(v);
            }
        }
        return more.put(v);
    }

    /** The record the run gets: the dialog's, with what the generic widgets say. */
    P parameters(P own, String maskFile) {
        try {
            return spec.parameters(values(own, maskFile));
        } catch (IOException e) {
            throw new UserException("The form's inputs could not be read: " + e.getMessage(), "Check the inputs.");
        }
    }

    /**
     * The preview follows the form: what it lacks ({@code missing} not null), else the command of {@code own} (built
     * without the mask's polygons: the mask is named by {@code maskFile}).
     */
    void follow(String missing, Supplier<P> own, String maskFile) {
        command.followValues(missing, () -> values(own.get(), maskFile));
    }
}
