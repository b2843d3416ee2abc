package dev.dbadapter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between a client and PostgreSQL that can break the traffic on command: forward it,
 * black-hole it (accept and read, forward nothing, answer nothing), stall it after a number of
 * bytes sent to the server (mid-message), or close every connection. Each fault counts in
 * {@link ReliabilityFigures}. Close it to stop listening and drop all connections.
 *
 * <pre>{@code try (FaultProxy proxy = FaultProxy.to(db.url())) { String url = proxy.url(db.url()); ... }}</pre>
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Bytes the client may still send to the server before traffic stops; negative: no limit. */
    private final AtomicLong allowance = new AtomicLong(-1);
    private final Thread acceptor;

    private FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("fault-proxy-accept").start(this::accept);
    }

    /** Starts a proxy in front of the server of {@code postgresUrl} (a {@code postgresql://host:port/...} URL). */
    public static FaultProxy to(String postgresUrl) throws IOException {
        java.net.URI uri = java.net.URI.create(postgresUrl.replaceFirst("^[a-z+]+://", "http://"));
        return new FaultProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** Returns {@code postgresUrl} pointing at this proxy instead of its server. */
    public String url(String postgresUrl) {
        return postgresUrl.replaceFirst("@[^/@]+/", "@127.0.0.1:" + port() + "/");
    }

    /** Returns the port the proxy listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Forwards all traffic again (connections opened from now on; stalled ones stay stalled). */
    public void forward() {
        allowance.set(-1);
    }

    /** Stops forwarding anything: bytes are read and dropped, connections stay open, nothing answers. */
    public void blackHole() {
        allowance.set(0);
        ReliabilityFigures.faultInjected();
    }

    /** Lets {@code bytes} more bytes through towards the server, then black-holes (a stall mid-message). */
    public void stallAfter(long bytes) {
        allowance.set(bytes);
        ReliabilityFigures.faultInjected();
    }

    /** Closes every open connection at once, as a network failure or a restarted pooler would. */
    public void closeAll() {
        ReliabilityFigures.faultInjected();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Returns how many client connections are open through the proxy. */
    public int openConnections() {
        return (int) sockets.stream().filter(socket -> !socket.isClosed()).count() / 2;
    }

    @Override
    public void close() {
        closeQuietly(server);
        closeAll();
        acceptor.interrupt();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                try {
                    upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                } catch (IOException refused) {
                    closeQuietly(client);
                    continue;
                }
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}; towards the server only while the allowance lasts. */
    private void pump(Socket from, Socket to, boolean towardsServer) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                int pass = towardsServer ? take(read) : (allowance.get() == 0 ? 0 : read);
                if (pass > 0) {
                    out.write(buffer, 0, pass);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // one side went away: the other follows
        } finally {
            if (allowance.get() != 0) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }
    }

    /** Takes up to {@code wanted} bytes from the allowance and returns how many may pass. */
    private int take(int wanted) {
        while (true) {
            long left = allowance.get();
            if (left < 0) {
                return wanted;
            }
            int pass = (int) Math.min(left, wanted);
            if (allowance.compareAndSet(left, left - pass)) {
                return pass;
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
