package dev.dbadapter.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code adapter-select}: select-by-primary-key throughput through {@link PostgresAdapter#select}
 * against raw pgjdbc {@link PreparedStatement}s on a HikariCP pool of the same size, in the same
 * run, rounds alternating. Options: {@code --rows} (100000), {@code --callers} (64), {@code --pool}
 * (10), {@code --seconds} per round (4), {@code --rounds} (8), {@code --warmup} seconds per side (5).
 * Many short alternating rounds and the median keep a busy machine's noise out of the ratio; the
 * client CPU per operation shows the adapter's own cost apart from the server's.
 */
final class AdapterSelectBench implements Benchmark {
    private static final String TABLE = "bench_items";
    private static final String RAW_SQL = "SELECT * FROM " + TABLE + " WHERE id = ?";

    @Override
    public Set<String> optionNames() {
        return Set.of("rows", "callers", "pool", "seconds", "rounds", "warmup");
    }

    @Override
    public void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception {
        int rows = options.intValue("rows", 100_000);
        int callers = options.intValue("callers", 64);
        int poolSize = options.intValue("pool", 10);
        Duration round = Duration.ofSeconds(options.intValue("seconds", 4));
        int rounds = options.intValue("rounds", 8);
        Duration warmup = Duration.ofSeconds(options.intValue("warmup", 5));

        createTable(database, rows);
        try (PostgresAdapter adapter = PostgresAdapter.builder(database.url())
                        .pool(PoolOptions.DEFAULTS.withFixedSize(poolSize)).build();
                HikariDataSource raw = rawPool(database.parsedUrl(), poolSize)) {
            Throughput.Operation viaAdapter = caller -> {
                int id = ThreadLocalRandom.current().nextInt(1, rows + 1);
                List<Map<String, Object>> found = adapter.select(TABLE, Map.of("id", id)).join();
                return ((Integer) found.getFirst().get("qty"));
            };
            Throughput.Operation viaJdbc = caller -> selectRaw(raw, ThreadLocalRandom.current().nextInt(1, rows + 1));

            out.printf(Locale.ROOT, "adapter-select: %,d rows, %d callers (virtual threads), pool %d, "
                    + "%d rounds x %d s, warmup %d s per side%n", rows, callers, poolSize, rounds,
                    round.toSeconds(), warmup.toSeconds());
            Throughput.measure(callers, warmup, viaAdapter);
            Throughput.measure(callers, warmup, viaJdbc);

            TextTable table = new TextTable("round", "adapter ops/s", "raw JDBC ops/s", "adapter / raw",
                    "adapter CPU us/op", "raw CPU us/op");
            List<Throughput.Result> adapterResults = new ArrayList<>();
            List<Throughput.Result> rawResults = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Throughput.Result adapterResult;
                Throughput.Result rawResult;
                if (r % 2 == 1) {
                    adapterResult = Throughput.measure(callers, round, viaAdapter);
                    rawResult = Throughput.measure(callers, round, viaJdbc);
                } else {
                    rawResult = Throughput.measure(callers, round, viaJdbc);
                    adapterResult = Throughput.measure(callers, round, viaAdapter);
                }
                adapterResults.add(adapterResult);
                rawResults.add(rawResult);
                table.add(String.valueOf(r), rate(adapterResult.opsPerSecond()), rate(rawResult.opsPerSecond()),
                        ratio(adapterResult.opsPerSecond() / rawResult.opsPerSecond()),
                        micros(adapterResult.cpuMicrosPerOp()), micros(rawResult.cpuMicrosPerOp()));
            }
            double adapterMedian = median(adapterResults.stream().map(Throughput.Result::opsPerSecond).toList());
            double rawMedian = median(rawResults.stream().map(Throughput.Result::opsPerSecond).toList());
            table.add("median", rate(adapterMedian), rate(rawMedian), ratio(adapterMedian / rawMedian),
                    micros(median(adapterResults.stream().map(Throughput.Result::cpuMicrosPerOp).toList())),
                    micros(median(rawResults.stream().map(Throughput.Result::cpuMicrosPerOp).toList())));
            table.print(out);
            out.printf(Locale.ROOT, "target: adapter >= 0.85 x raw (median ops/s) -> %s%n",
                    adapterMedian >= 0.85 * rawMedian ? "met" : "NOT met");
        }
    }

    private static void createTable(BenchDatabase database, int rows) throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, slug text NOT NULL, name text, "
                    + "price numeric(10,2), qty int, created_at timestamptz, active boolean)");
            statement.execute("INSERT INTO " + TABLE + " SELECT g, 'item-' || g, 'Item number ' || g, "
                    + "(g % 1000) / 10.0, g % 97, now() - g * interval '1 minute', g % 2 = 0 "
                    + "FROM generate_series(1, " + rows + ") g");
            statement.execute("VACUUM ANALYZE " + TABLE);
        }
    }

    private static HikariDataSource rawPool(PostgresUrl url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMinimumIdle(size);
        config.setMaximumPoolSize(size);
        config.setPoolName("raw-jdbc");
        return new HikariDataSource(config);
    }

    /** The hand-written equivalent: borrow, prepare, bind, read every column, release. */
    private static long selectRaw(HikariDataSource pool, int id) throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(RAW_SQL)) {
            statement.setInt(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                long qty = 0;
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = rs.getObject(c + 1);
                    }
                    qty = (Integer) row[4];
                }
                return qty;
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String rate(double opsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", opsPerSecond);
    }

    private static String micros(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
