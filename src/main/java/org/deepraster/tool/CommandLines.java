package org.deepraster.tool;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code deepraster} command line for a tool's values: the tool's id, then the options whose value differs from
 * the declared default, in declaration order, with their ArcGIS names; flags are bare. Dialogs show it (so users
 * learn the command and can script a run they set up), {@code deepraster run --print-command} prints it.
 */
public final class CommandLines {
    private CommandLines() {
    }

    /** The arguments after {@code deepraster}. */
    public static List<String> args(ToolSpec<?> tool, ParameterValues values) {
        List<String> args = new ArrayList<>();
        args.add(tool.id());
        for (Parameter p : values.parameters()) {
            ParameterValues.Value v = values.given(p.name());
            if (v == null || v.text().isBlank()) {
                continue;
            }
            if (p.type() == Parameter.Type.FLAG) {
                if (values.isOn(p.name())) {
                    args.add(p.option());
                }
            } else if (!v.text().equals(p.defaultValue())) {
                args.add(p.option());
                args.add(v.text());
            }
        }
        return args;
    }

    /** The whole command, quoted for a POSIX shell. */
    public static String text(ToolSpec<?> tool, ParameterValues values) {
        return "deepraster " + join(args(tool, values));
    }

    /** Arguments joined for a POSIX shell, quoted where needed. */
    public static String join(List<String> args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
