package org.deepraster.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.deepraster.Main;
import picocli.CommandLine;

/** One in-process run of {@code deepraster <command> ...}: its exit code and what it printed to out and err. */
record CommandRun(int code, String out, String err) {

    /** Runs the command line (subcommand first) with fresh out/err writers. */
    static CommandRun of(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
