package org.deepraster.util;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * DeepRaster's log, over {@code java.util.logging} (JUL): the JDK's own facade, which Apache SIS,
 * Derby's bridge ({@link DerbyLog}), NGA GeoPackage and ONNX Runtime's Java layer already use, so one
 * configuration sends all of them to one file without a new dependency.
 *
 * <p>{@link #configure} (the command line and the viewer call it at start; idempotent) puts two
 * handlers on the root logger in place of the JDK's console handler:
 * <ul>
 * <li>a rolling file in {@link #defaultFolder()} ({@value #FILE_COUNT} files {@code deepraster-0.log}
 *     (newest) … of at most {@value #FILE_LIMIT} bytes), INFO and up, FINE and up when verbose, one
 *     line per record ({@link LogFormat}) with stack traces in full;</li>
 * <li>standard error: FINE and up when verbose; otherwise only SEVERE records of other libraries
 *     (what the terminal showed before), since DeepRaster prints what a user must see itself.</li>
 * </ul>
 * When the folder cannot be written, there is no file: standard error gets WARNING and up (so stack
 * traces are not lost), after one warning that says so. Thread-safe.
 */
public final class Log {
    /** System property naming the log folder (tests use a temporary one). */
    public static final String DIR_PROPERTY = "deepraster.log.dir";
    /** Environment variable naming the log folder, when the property is not set. */
    public static final String DIR_ENV = "DEEPRASTER_LOG_DIR";
    static final int FILE_LIMIT = 4 << 20;
    static final int FILE_COUNT = 4;
    static final String FILE_PATTERN = "deepraster-%g.log";

    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger LOG = Logger.getLogger(Log.class.getName());
    /** Libraries' loggers and the level each gets while the log is configured (held: levels stick). */
    private static final Map<Logger, Level> LIBRARIES = new LinkedHashMap<>();
    private static final Set<Throwable> LOGGED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private static State state;

    /** What {@link #configure} set up, and what it replaced (restored by {@link #close}). */
    private record State(Path folder, Path file, FileHandler fileHandler, StderrHandler stderr,
            Handler[] replaced, Level rootLevel, boolean verbose) {
    }

    private Log() {
    }

    /** The logger of a class. */
    public static Logger logger(Class<?> c) {
        return Logger.getLogger(c.getName());
    }

    /**
     * A library's logger: at {@code configured} while the log is set up, SEVERE otherwise (the JDK's
     * console would print its warnings). Hold the returned logger: JUL forgets the level of a
     * logger nobody references.
     */
    public static synchronized Logger library(String name, Level configured) {
        Logger l = Logger.getLogger(name);
        LIBRARIES.put(l, configured);
        l.setLevel(state == null ? Level.SEVERE : configured);
        return l;
    }

    /** Configures the log in {@link #defaultFolder()}; see the class comment. Idempotent. */
    public static void configure(boolean verbose) {
        configure(defaultFolder(), verbose);
    }

    /**
     * Configures the log in {@code folder}. A second call with the same folder only sets verbose;
     * with another folder it closes the first log and opens the new one.
     */
    public static synchronized void configure(Path folder, boolean verbose) {
        if (state != null && state.folder.equals(folder)) {
            if (state.verbose != verbose) {
                state = new State(state.folder, state.file, state.fileHandler, state.stderr, state.replaced,
                        state.rootLevel, verbose);
                applyLevels();
            }
            return;
        }
        close();
        Handler[] replaced = ROOT.getHandlers();
        Level rootLevel = ROOT.getLevel();
        FileHandler fh = null;
        Path file = null;
        String problem = null;
        try {
            Files.createDirectories(folder);
            Set<String> locks = locks(folder);
            fh = new FileHandler(folder.resolve(FILE_PATTERN).toString(), FILE_LIMIT, FILE_COUNT, true);
            fh.setFormatter(new LogFormat());
            fh.setEncoding("UTF-8");
            file = ownFile(folder, locks);
        } catch (IOException | RuntimeException e) {
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (fh != null) {
                fh.close();
                fh = null;
            }
        }
        for (Handler h : replaced) {
            ROOT.removeHandler(h);
        }
        StderrHandler stderr = new StderrHandler();
        ROOT.addHandler(stderr);
        if (fh != null) {
            ROOT.addHandler(fh);
        }
        state = new State(folder, file, fh, stderr, replaced, rootLevel, verbose);
        applyLevels();
        if (fh == null) {
            LOG.warning("DeepRaster cannot write its log in " + folder + " (" + problem + "); log messages go to"
                    + " standard error only. Set the system property " + DIR_PROPERTY + " or the environment"
                    + " variable " + DIR_ENV + " to a folder you can write.");
        } else {
            LOG.info("DeepRaster log started (" + (verbose ? "verbose" : "INFO and up") + "): " + file);
        }
    }

    /** Configures the log in {@link #defaultFolder()} unless it is configured (keeps its verbose setting). */
    public static synchronized void ensureConfigured() {
        if (state == null) {
            configure(false);
        }
    }

    /** Sets verbose on the configured log (nothing when it is not configured). */
    public static synchronized void setVerbose(boolean verbose) {
        if (state != null) {
            configure(state.folder, verbose);
        }
    }

    /** Whether FINE records are logged and printed to standard error. */
    public static synchronized boolean verbose() {
        return state != null && state.verbose;
    }

    /** The log file now written, if any (none before {@link #configure}, or when the folder is not writable). */
    public static synchronized Optional<Path> file() {
        return Optional.ofNullable(state == null ? null : state.file);
    }

    /** The log folder, when the log is configured and writes a file. */
    public static synchronized Optional<Path> folder() {
        return Optional.ofNullable(state == null || state.fileHandler == null ? null : state.folder);
    }

    /** One sentence for a message about an unexpected failure: where its details are. */
    public static synchronized String where() {
        if (state == null || state.fileHandler == null) {
            return "Details were printed to standard error (there is no log file).";
        }
        return "Details are in the log: " + state.file;
    }

    /**
     * Logs a failure with its stack trace, once per exception however many places report it: a
     * {@link CancelledException} at FINE, a {@link UserException} at WARNING, anything else SEVERE.
     */
    public static void failure(Logger log, String what, Throwable t) {
        if (t == null || !LOGGED.add(t)) {
            return;
        }
        Level level = t instanceof CancelledException ? Level.FINE
                : t instanceof UserException ? Level.WARNING : Level.SEVERE;
        log.log(level, what, t);
    }

    /** Removes this log's handlers and gives the root logger back its own (tests; not needed at exit). */
    public static synchronized void close() {
        if (state == null) {
            return;
        }
        ROOT.removeHandler(state.stderr);
        if (state.fileHandler != null) {
            ROOT.removeHandler(state.fileHandler);
            state.fileHandler.close();
        }
        for (Handler h : state.replaced) {
            ROOT.addHandler(h);
        }
        ROOT.setLevel(state.rootLevel);
        state = null;
        LIBRARIES.keySet().forEach(l -> l.setLevel(Level.SEVERE));
    }

    /**
     * The log folder: {@value #DIR_PROPERTY}, else {@value #DIR_ENV}, else {@code logs} in the cache
     * folder named by {@code deepraster.cache} / {@code DEEPRASTER_CACHE}, else the user's cache folder:
     * {@code %LOCALAPPDATA%\DeepRaster\logs} on Windows, {@code ~/Library/Caches/DeepRaster/logs} on
     * macOS, {@code $XDG_CACHE_HOME/deepraster/logs} or {@code ~/.cache/deepraster/logs} elsewhere.
     */
    public static Path defaultFolder() {
        return defaultFolder(System.getProperty("os.name", ""), System::getProperty, System::getenv);
    }

    /** {@link #defaultFolder()} for an OS name, system properties and environment (tests). */
    static Path defaultFolder(String os, java.util.function.UnaryOperator<String> props,
            java.util.function.UnaryOperator<String> env) {
        String dir = firstSet(props.apply(DIR_PROPERTY), env.apply(DIR_ENV));
        if (dir != null) {
            return Path.of(dir);
        }
        String cache = firstSet(props.apply("deepraster.cache"), env.apply("DEEPRASTER_CACHE"));
        if (cache != null) {
            return Path.of(cache, "logs");
        }
        String home = props.apply("user.home");
        String o = os.toLowerCase(Locale.ROOT);
        if (o.startsWith("windows")) {
            String local = env.apply("LOCALAPPDATA");
            return local != null && !local.isBlank() ? Path.of(local, "DeepRaster", "logs")
                    : Path.of(home, "AppData", "Local", "DeepRaster", "logs");
        }
        if (o.startsWith("mac")) {
            return Path.of(home, "Library", "Caches", "DeepRaster", "logs");
        }
        String xdg = env.apply("XDG_CACHE_HOME");
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg, "deepraster", "logs")
                : Path.of(home, ".cache", "deepraster", "logs");
    }

    private static String firstSet(String a, String b) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : null;
    }

    private static void applyLevels() {
        boolean verbose = state.verbose;
        boolean file = state.fileHandler != null;
        ROOT.setLevel(verbose ? Level.FINE : Level.INFO);
        state.stderr.show(verbose ? Level.FINE : file ? Level.SEVERE : Level.WARNING, verbose || !file);
        LIBRARIES.forEach(Logger::setLevel);
    }

    /** The lock files in the folder: each open log file has one ({@code deepraster-0.log.lck}). */
    private static Set<String> locks(Path folder) throws IOException {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, "*.lck")) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    /**
     * The file this process's handler writes: the one whose lock file appeared (another DeepRaster
     * running writes {@code deepraster-0.log}, so this one writes {@code deepraster-0.log.1}), else
     * the first generation's name.
     */
    private static Path ownFile(Path folder, Set<String> before) throws IOException {
        Set<String> now = locks(folder);
        now.removeAll(before);
        if (now.size() == 1) {
            String lock = now.iterator().next();
            return folder.resolve(lock.substring(0, lock.length() - ".lck".length()));
        }
        return folder.resolve(FILE_PATTERN.replace("%g", "0"));
    }
}
