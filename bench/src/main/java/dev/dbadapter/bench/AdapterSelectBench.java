package dev.dbadapter.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbadapter.adapter.postgres.PoolOptions;
import dev.dbadapter.adapter.postgres.PostgresAdapter;
import dev.dbadapter.adapter.postgres.PostgresUrl;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code adapter-select}: CRUD throughput through {@link PostgresAdapter} against raw pgjdbc on a
 * HikariCP pool of the same size, in the same run, rounds alternating. {@code --mode} picks the
 * operations ({@code all}, the default, runs each in turn):
 * <ul>
 *   <li>{@code select}: select by primary key ({@link PostgresAdapter#select}) against a prepared
 *       {@code SELECT … WHERE id = ?} reading every column;
 *   <li>{@code insert}: one row ({@link PostgresAdapter#insert}) against a prepared
 *       {@code INSERT … RETURNING *};
 *   <li>{@code insert-many}: {@code --batch} (10,000) rows ({@link PostgresAdapter#insertMany})
 *       against the statements the adapter sends, written by hand: multi-row
 *       {@code INSERT … VALUES … RETURNING *} of 1,000 rows in one transaction.
 * </ul>
 * Options: {@code --rows} (100000) in the select table, {@code --callers} (64), {@code --pool}
 * (10), {@code --seconds} per round (4), {@code --rounds} (8), {@code --warmup} seconds per side (12: after
 * 5 s, the adapter's first round still took up to twice the CPU per call of its later rounds, its
 * longer call path not yet at its steady speed).
 * Many short alternating rounds keep a busy machine's noise out of the ratio: each round's two sides
 * run back to back, and the target is judged on the median of the rounds' own ratios, which a slow
 * spell of the machine moves less than a ratio of the two sides' medians (also shown). The client
 * CPU per operation shows the adapter's own cost apart from the server's. The insert table is
 * emptied before every round.
 */
final class AdapterSelectBench implements Benchmark {
    private static final String TABLE = "bench_items";
    private static final String WRITE_TABLE = "bench_writes";
    private static final String RAW_SQL = "SELECT * FROM " + TABLE + " WHERE id = ?";
    private static final List<String> WRITE_COLUMNS = List.of("slug", "name", "price", "qty", "created_at", "active");
    private static final String RAW_INSERT = "INSERT INTO " + WRITE_TABLE + " (" + String.join(", ", WRITE_COLUMNS)
            + ") VALUES (?, ?, ?, ?, ?, ?)";
    /** Rows per statement of the hand-written insertMany, as the adapter batches them. */
    private static final int RAW_BATCH_ROWS = 1_000;
    /** How long a caller may wait for a connection: 64 callers of 10,000-row inserts queue long on a busy machine. */
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public Set<String> optionNames() {
        return Set.of("rows", "callers", "pool", "seconds", "rounds", "warmup", "mode", "batch");
    }

    @Override
    public void run(BenchDatabase database, BenchOptions options, PrintStream out) throws Exception {
        int rows = options.intValue("rows", 100_000);
        int callers = options.intValue("callers", 64);
        int poolSize = options.intValue("pool", 10);
        Duration round = Duration.ofSeconds(options.intValue("seconds", 4));
        int rounds = options.intValue("rounds", 8);
        Duration warmup = Duration.ofSeconds(options.intValue("warmup", 12));
        String mode = options.stringValue("mode", "all");
        int batch = options.intValue("batch", 10_000);
        List<String> modes = mode.equals("all") ? List.of("select", "insert", "insert-many") : List.of(mode);
        if (!List.of("select", "insert", "insert-many").containsAll(modes)) {
            throw new IllegalArgumentException("--mode must be select, insert, insert-many or all, got '" + mode + "'");
        }

        createTables(database, rows);
        try (PostgresAdapter adapter = PostgresAdapter.builder(database.url())
                        .pool(PoolOptions.DEFAULTS.withFixedSize(poolSize).withAcquireTimeout(ACQUIRE_TIMEOUT)).build();
                HikariDataSource raw = rawPool(database.parsedUrl(), poolSize);
                Connection admin = database.connection()) {
            out.printf(Locale.ROOT, "adapter-select: %d callers (virtual threads), pool %d, %d rounds x %d s, "
                    + "warmup %d s per side%n", callers, poolSize, rounds, round.toSeconds(), warmup.toSeconds());
            Runnable emptyWrites = () -> truncate(admin);
            Comparison comparison = new Comparison(callers, round, rounds, warmup, out);
            for (String each : modes) {
                switch (each) {
                    case "select" -> comparison.run("select by primary key, " + String.format(Locale.ROOT, "%,d", rows)
                            + " rows", () -> { }, caller -> {
                                int id = ThreadLocalRandom.current().nextInt(1, rows + 1);
                                List<Map<String, Object>> found = adapter.select(TABLE, Map.of("id", id)).join();
                                return (Integer) found.getFirst().get("qty");
                            }, caller -> selectRaw(raw, ThreadLocalRandom.current().nextInt(1, rows + 1)));
                    case "insert" -> comparison.run("insert one row", emptyWrites,
                            caller -> (Long) adapter.insert(WRITE_TABLE, writeRow(caller)).join().get("id"),
                            caller -> insertRaw(raw, caller));
                    default -> {
                        List<Map<String, Object>> many = new ArrayList<>(batch);
                        for (int i = 0; i < batch; i++) {
                            many.add(writeRow(i));
                        }
                        comparison.run(String.format(Locale.ROOT, "insertMany of %,d rows", batch), emptyWrites,
                                caller -> adapter.insertMany(WRITE_TABLE, many).join().size(),
                                caller -> insertManyRaw(raw, many));
                    }
                }
            }
        }
    }

    /** Adapter against raw JDBC, alternating rounds, one table of rates and CPU per operation. */
    private record Comparison(int callers, Duration round, int rounds, Duration warmup, PrintStream out) {
        void run(String title, Runnable beforeEach, Throughput.Operation viaAdapter, Throughput.Operation viaJdbc)
                throws Exception {
            out.printf(Locale.ROOT, "%n%s%n", title);
            beforeEach.run();
            Throughput.measure(callers, warmup, viaAdapter);
            beforeEach.run();
            Throughput.measure(callers, warmup, viaJdbc);
            TextTable table = new TextTable("round", "adapter ops/s", "raw JDBC ops/s", "adapter / raw",
                    "adapter CPU us/op", "raw CPU us/op");
            List<Throughput.Result> adapterResults = new ArrayList<>();
            List<Throughput.Result> rawResults = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Throughput.Result adapterResult;
                Throughput.Result rawResult;
                if (r % 2 == 1) {
                    beforeEach.run();
                    adapterResult = Throughput.measure(callers, round, viaAdapter);
                    beforeEach.run();
                    rawResult = Throughput.measure(callers, round, viaJdbc);
                } else {
                    beforeEach.run();
                    rawResult = Throughput.measure(callers, round, viaJdbc);
                    beforeEach.run();
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
            double adapterBest = adapterResults.stream().mapToDouble(Throughput.Result::opsPerSecond).max().orElseThrow();
            double rawBest = rawResults.stream().mapToDouble(Throughput.Result::opsPerSecond).max().orElseThrow();
            table.add("median", rate(adapterMedian), rate(rawMedian), ratio(adapterMedian / rawMedian),
                    micros(median(adapterResults.stream().map(Throughput.Result::cpuMicrosPerOp).toList())),
                    micros(median(rawResults.stream().map(Throughput.Result::cpuMicrosPerOp).toList())));
            table.add("best", rate(adapterBest), rate(rawBest), ratio(adapterBest / rawBest), "", "");
            table.print(out);
            List<Double> roundRatios = new ArrayList<>();
            for (int r = 0; r < adapterResults.size(); r++) {
                roundRatios.add(adapterResults.get(r).opsPerSecond() / rawResults.get(r).opsPerSecond());
            }
            double paired = median(roundRatios);
            out.printf(Locale.ROOT, "median of the rounds' own ratios (each round's two sides ran back to back): %s%n",
                    ratio(paired));
            out.printf(Locale.ROOT, "target: adapter >= 0.95 x raw (median of the rounds' ratios) -> %s%n",
                    paired >= 0.95 ? "met" : "NOT met");
        }
    }

    /** One row of the insert table; {@code n} varies its text. */
    private static Map<String, Object> writeRow(int n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("slug", "item-" + n);
        row.put("name", "Item number " + n);
        row.put("price", BigDecimal.valueOf(n % 1000, 1));
        row.put("qty", n % 97);
        row.put("created_at", OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(n));
        row.put("active", n % 2 == 0);
        return row;
    }

    private static void truncate(Connection admin) {
        try (Statement statement = admin.createStatement()) {
            statement.execute("TRUNCATE " + WRITE_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty " + WRITE_TABLE, e);
        }
    }

    private static void createTables(BenchDatabase database, int rows) throws Exception {
        try (Connection connection = database.connection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, slug text NOT NULL, name text, "
                    + "price numeric(10,2), qty int, created_at timestamptz, active boolean)");
            statement.execute("INSERT INTO " + TABLE + " SELECT g, 'item-' || g, 'Item number ' || g, "
                    + "(g % 1000) / 10.0, g % 97, now() - g * interval '1 minute', g % 2 = 0 "
                    + "FROM generate_series(1, " + rows + ") g");
            statement.execute("VACUUM ANALYZE " + TABLE);
            statement.execute("CREATE TABLE " + WRITE_TABLE + " (id bigserial PRIMARY KEY, slug text NOT NULL, "
                    + "name text, price numeric(10,2), qty int, created_at timestamptz, active boolean)");
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
        config.setConnectionTimeout(ACQUIRE_TIMEOUT.toMillis());
        return new HikariDataSource(config);
    }

    /** The hand-written equivalent: borrow, prepare, bind, read every column, release. */
    private static long selectRaw(HikariDataSource pool, int id) throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(RAW_SQL)) {
            statement.setInt(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return (Integer) readAll(rs).getLast()[4];
            }
        }
    }

    /** The hand-written single-row insert: borrow, prepare, bind, execute, read the row back. */
    private static long insertRaw(HikariDataSource pool, int n) throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(RAW_INSERT + " RETURNING *")) {
            bindWriteRow(statement, 1, writeRow(n));
            try (ResultSet rs = statement.executeQuery()) {
                return readAll(rs).size();
            }
        }
    }

    /**
     * The hand-written insertMany: one transaction, multi-row {@code INSERT … VALUES … RETURNING *}
     * statements of {@value #RAW_BATCH_ROWS} rows, every row read back and kept until the end, as the
     * adapter returns them.
     */
    private static long insertManyRaw(HikariDataSource pool, List<Map<String, Object>> rows) throws Exception {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Object[]> created = new ArrayList<>(rows.size());
                for (int start = 0; start < rows.size(); start += RAW_BATCH_ROWS) {
                    List<Map<String, Object>> chunk = rows.subList(start, Math.min(rows.size(), start + RAW_BATCH_ROWS));
                    StringBuilder sql = new StringBuilder(RAW_INSERT);
                    for (int i = 1; i < chunk.size(); i++) {
                        sql.append(", (?, ?, ?, ?, ?, ?)");
                    }
                    try (PreparedStatement statement = connection.prepareStatement(sql.append(" RETURNING *").toString())) {
                        int index = 1;
                        for (Map<String, Object> row : chunk) {
                            index = bindWriteRow(statement, index, row);
                        }
                        try (ResultSet rs = statement.executeQuery()) {
                            created.addAll(readAll(rs));
                        }
                    }
                }
                connection.commit();
                return created.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static int bindWriteRow(PreparedStatement statement, int index, Map<String, Object> row) throws SQLException {
        statement.setString(index, (String) row.get("slug"));
        statement.setString(index + 1, (String) row.get("name"));
        statement.setBigDecimal(index + 2, (BigDecimal) row.get("price"));
        statement.setInt(index + 3, (Integer) row.get("qty"));
        statement.setObject(index + 4, row.get("created_at"));
        statement.setBoolean(index + 5, (Boolean) row.get("active"));
        return index + 6;
    }

    private static List<Object[]> readAll(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = rs.getObject(c + 1);
            }
            rows.add(row);
        }
        return rows;
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
