package dev.dbadapter.cli;

import dev.dbadapter.backup.BackupProgress;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The command line's {@link BackupProgress}: one progress bar per large table (rows read from or
 * written to the file) on stderr when it is a terminal, nothing otherwise. A bar closes when its
 * table is done.
 */
final class ProgressBars implements BackupProgress, AutoCloseable {
    /** Tables with fewer rows get no progress bar. */
    static final long THRESHOLD = 5_000;

    private final PrintWriter err;
    private final String verb;
    private final Set<String> finished = new HashSet<>();
    private String table;
    private long tableStarted;
    private ProgressBar bar;

    /**
     * Creates bars that print to {@code err}, each named {@code verb} and the table; a {@code null}
     * writer prints nothing.
     */
    ProgressBars(PrintWriter err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    /**
     * Returns bars on {@code command}'s stderr when stderr is a terminal (whatever stdout is: redirected
     * output still shows progress) and the command neither prints JSON nor is {@code --quiet}, else bars
     * that print nothing.
     */
    static ProgressBars of(Subcommand command, String verb) {
        Output output = command.output();
        boolean terminal = command.root.context().progress() && !output.json() && !output.quiet();
        return new ProgressBars(terminal ? command.spec.commandLine().getErr() : null, verb);
    }

    @Override
    public synchronized void update(String name, long done, long total) {
        if (err == null || finished.contains(name)) {
            return;
        }
        if (!name.equals(table)) {
            close();
            table = name;
            // the library reports 0 done when a table starts: from then on the bar's time, rate and ETA count
            tableStarted = System.nanoTime();
        }
        if (bar == null && (total >= THRESHOLD || (total < 0 && done >= THRESHOLD))) {
            // a bar made after the table started (an unknown total reaching the threshold) starts from what is
            // done, with the time it took, so elapsed time and rate are real
            bar = new ProgressBarBuilder().setTaskName(verb + " " + name).setInitialMax(Math.max(total, -1))
                    .startsFrom(done, Duration.ofNanos(System.nanoTime() - tableStarted))
                    .setConsumer(new LineConsumer(err)).showSpeed(new DecimalFormat("#,##0")).build();
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

    /** Redraws one bar in place on a writer: a carriage return before each rendering, a newline at the end. */
    private static final class LineConsumer extends DelegatingProgressBarConsumer {
        private final PrintWriter writer;

        LineConsumer(PrintWriter writer) {
            super(line -> {
                writer.print("\r" + line);
                writer.flush();
            });
            this.writer = writer;
        }

        /** One column less than the terminal, so the cursor never wraps onto the next line. */
        @Override
        public int getMaxRenderedLength() {
            return super.getMaxRenderedLength() - 1;
        }

        @Override
        public void close() {
            writer.println();
            writer.flush();
        }
    }
}
