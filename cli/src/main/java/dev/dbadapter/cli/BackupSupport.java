package dev.dbadapter.cli;

import dev.dbadapter.UsageException;
import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupProgress;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.config.ConfigException;
import dev.dbadapter.config.DatabaseConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** What the {@code backup} and {@code restore} commands share: schema and user resolution, progress bars. */
final class BackupSupport {
    /** Tables with fewer rows get no progress bar. */
    static final long PROGRESS_THRESHOLD = 5_000;

    private BackupSupport() {
    }

    /**
     * Loads the backup schema from {@code flag}, else from {@code [schema] backup_schema} in db.toml.
     *
     * @throws ConfigException when neither names one, or the file named is
     *     missing or not a valid backup schema
     */
    static BackupSchema schema(DbAdapterCommand root, Output output, Path flag) {
        if (flag != null) {
            return load(root.argumentPath(flag));
        }
        DatabaseConfig config = root.config();
        if (config.schema() == null || config.schema().backupSchema() == null) {
            throw new ConfigException("No backup schema given",
                    "pass --backup-schema FILE or set backup_schema under [schema] in db.toml", null);
        }
        return load(root.configPath(config.schema().backupSchema()));
    }

    /** A backup schema file that cannot be used is a configuration error (exit 2), not a failed backup. */
    private static BackupSchema load(Path file) {
        try {
            return BackupSchema.load(file);
        } catch (BackupException e) {
            throw new ConfigException(e.getMessage(), e.hint(), e);
        }
    }

    /**
     * Returns {@code flag}, else the value of the environment variable named by
     * {@code [defaults] user_id_env}.
     *
     * @throws UsageException when neither gives one
     */
    static String userId(DbAdapterCommand root, Output output, String flag) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        DatabaseConfig config = root.config();
        String variable = config.defaults() == null ? null : config.defaults().userIdEnv();
        String value = variable == null ? null : root.context().workspace().environment().get(variable);
        if (value == null || value.isBlank()) {
            throw new UsageException("No user id given",
                    variable == null ? "pass --user-id or set user_id_env under [defaults] in db.toml"
                            : "pass --user-id or set the environment variable " + variable);
        }
        return value;
    }

    /** Returns progress bars on stderr when it is a terminal and output is not JSON, else nothing. */
    static Bars progress(DbAdapterCommand root, Output output, String verb) {
        boolean terminal = root.context().colour() && System.console() != null && !output.json();
        return new Bars(terminal ? System.err : null, verb);
    }

    /** One progress bar per large table (rows read from or written to the file), closed when the table is done. */
    static final class Bars implements BackupProgress, AutoCloseable {
        private final PrintStream stream;
        private final String verb;
        private final Set<String> finished = new HashSet<>();
        private String table;
        private ProgressBar bar;

        Bars(PrintStream stream, String verb) {
            this.stream = stream;
            this.verb = verb;
        }

        @Override
        public synchronized void update(String name, long done, long total) {
            if (stream == null || finished.contains(name)) {
                return;
            }
            if (!name.equals(table)) {
                close();
                table = name;
                if (total >= PROGRESS_THRESHOLD || (total < 0 && done >= PROGRESS_THRESHOLD)) {
                    bar = new ProgressBarBuilder().setTaskName(verb + " " + name).setInitialMax(Math.max(total, -1))
                            .setConsumer(new ConsoleProgressBarConsumer(stream)).showSpeed().build();
                }
            }
            if (bar != null) {
                bar.stepTo(done);
                if (total >= 0 && done >= total) {
                    close();
                    finished.add(name);
                }
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
