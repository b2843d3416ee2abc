package dev.dbadapter.testing;

import dev.dbadapter.adapter.postgres.PostgresUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a PgBouncer of its own in transaction mode (as Supabase's pooler on port 6543 runs) in front
 * of a {@link PgDatabaseExtension}'s database, on a free port with its configuration in a temporary
 * folder, and stops it after the class. Register it after the database extension:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final PgDatabaseExtension db = new PgDatabaseExtension();
 * @RegisterExtension @Order(2) static final PgBouncerExtension bouncer = new PgBouncerExtension(db);
 * }</pre>
 *
 * <p>A machine without the {@code pgbouncer} binary fails the class with a message naming
 * {@code scripts/pgbouncer.sh}, which installs it ({@code scripts/test.sh} runs it first).
 */
public final class PgBouncerExtension implements BeforeAllCallback, AfterAllCallback {
    /** The server connections PgBouncer keeps per database and user. */
    public static final int POOL_SIZE = 3;

    private final PgDatabaseExtension database;
    private Path folder;
    private Process process;
    private int port;
    private String user;

    /** Creates the extension for {@code database}'s database. */
    public PgBouncerExtension(PgDatabaseExtension database) {
        this.database = database;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path binary = Path.of("/usr/sbin/pgbouncer");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("No pgbouncer at " + binary + ": run scripts/pgbouncer.sh to install it"
                    + " (Debian's pgbouncer package)");
        }
        PostgresUrl server = PostgresUrl.parse(PgDatabaseExtension.SERVER_URL);
        String hostPort = server.jdbcUrl().substring("jdbc:postgresql://".length()).replaceFirst("/.*", "");
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        String serverPort = hostPort.contains(":") ? hostPort.substring(hostPort.lastIndexOf(':') + 1) : "5432";
        user = server.user() == null ? "postgres" : server.user();
        port = freePort();
        folder = Files.createTempDirectory("pgbouncer", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(folder.resolve("users.txt"), "\"" + user + "\" \""
                + (server.password() == null ? "" : server.password()) + "\"\n");
        Files.writeString(folder.resolve("pgbouncer.ini"), """
                [databases]
                %1$s = host=%2$s port=%3$s dbname=%1$s

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %4$d
                unix_socket_dir =
                auth_type = trust
                auth_file = %5$s/users.txt
                admin_users = %6$s
                pool_mode = transaction
                default_pool_size = %7$d
                max_client_conn = 200
                ignore_startup_parameters = extra_float_digits
                logfile = %5$s/pgbouncer.log
                pidfile = %5$s/pgbouncer.pid
                """.formatted(database.databaseName(), host, serverPort, port, folder, user, POOL_SIZE));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-q"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "postgres")); // pgbouncer refuses to run as root
        }
        command.add(folder.resolve("pgbouncer.ini").toString());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("stdout.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("pgbouncer did not start on port " + port + ": "
                        + Files.readString(folder.resolve("stdout.txt")) + log());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (folder != null) {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }

    /**
     * Returns a {@code postgresql://} URL of the database through PgBouncer, with the setting the
     * README recommends for a pooler in transaction mode ({@code prepareThreshold=0}).
     */
    public String url() {
        return "postgresql://" + user + "@127.0.0.1:" + port + "/" + database.databaseName() + "?prepareThreshold=0";
    }

    /**
     * Returns the rows of {@code SHOW POOLS} on PgBouncer's admin console for this class's database,
     * numbers as {@code Long}. Read with {@code psql}: the console speaks only the simple protocol and
     * refuses the settings pgjdbc sends at startup.
     */
    public List<Map<String, Object>> pools() throws IOException, InterruptedException {
        Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", user,
                "-d", "pgbouncer", "--csv", "-c", "SHOW POOLS").redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("SHOW POOLS failed: " + output);
        }
        List<String> lines = output.lines().toList();
        String[] header = lines.getFirst().split(",");
        List<Map<String, Object>> pools = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i].matches("-?\\d+") ? (Object) Long.valueOf(cells[i]) : cells[i]);
            }
            if (database.databaseName().equals(row.get("database"))) {
                pools.add(row);
            }
        }
        return pools;
    }

    private boolean listening() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String log() throws IOException {
        Path log = folder.resolve("pgbouncer.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
