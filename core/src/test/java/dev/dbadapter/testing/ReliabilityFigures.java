package dev.dbadapter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the reliability suite did, counted as it runs: faults injected, bad inputs tried, rows lost
 * and secrets printed. After each {@link Reliability} class the running totals of this test JVM are
 * written to {@code target/reliability-figures.json} of the module; {@code scripts/reliability.sh}
 * adds up the modules.
 */
public final class ReliabilityFigures implements AfterAllCallback {
    private static final AtomicLong FAULTS = new AtomicLong();
    private static final AtomicLong BAD_INPUTS = new AtomicLong();
    private static final AtomicLong ROWS_LOST = new AtomicLong();
    private static final AtomicLong SECRETS_PRINTED = new AtomicLong();
    private static final AtomicLong CLASSES = new AtomicLong();

    static {
        // property tests run outside JUnit Jupiter's extensions: their counts are written at exit
        Runtime.getRuntime().addShutdownHook(new Thread(ReliabilityFigures::write, "reliability-figures"));
    }

    /** Counts one fault injected (a cut connection, a terminated session, a killed process...). */
    public static void faultInjected() {
        FAULTS.incrementAndGet();
    }

    /** Counts {@code count} bad inputs tried. */
    public static void badInputs(long count) {
        BAD_INPUTS.addAndGet(count);
    }

    /** Counts one bad input tried. */
    public static void badInput() {
        badInputs(1);
    }

    /** Records {@code count} rows found lost or changed where none may be. */
    public static void rowsLost(long count) {
        ROWS_LOST.addAndGet(count);
    }

    /** Records {@code count} places where a secret was printed. */
    public static void secretsPrinted(long count) {
        SECRETS_PRINTED.addAndGet(count);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        CLASSES.incrementAndGet();
        write();
    }

    private static synchronized void write() {
        String json = """
                {"test_classes": %d, "faults_injected": %d, "bad_inputs": %d, "rows_lost": %d, "secrets_printed": %d}
                """.formatted(CLASSES.get(), FAULTS.get(), BAD_INPUTS.get(), ROWS_LOST.get(), SECRETS_PRINTED.get());
        try {
            Path target = Files.createDirectories(Path.of("target"));
            Files.writeString(target.resolve("reliability-figures.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
