package dev.dbadapter.sync.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads the numbers of a {@code COPY … TO STDOUT (FORMAT binary)} straight from the driver's
 * messages: a number inside one message is read where it lies, and only one that spans two messages
 * is copied. Closing it before the end cancels the COPY.
 */
final class BinaryCopyReader implements AutoCloseable {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final CopyOut copy;
    private byte[] buffer = new byte[0];
    private int position;

    /** Starts {@code copy} (a binary COPY to STDOUT) on {@code connection}. */
    BinaryCopyReader(Connection connection, String copy) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
    }

    /** Skips the COPY's header: its signature, flags and header extension, before the first row. */
    void header() throws SQLException {
        skip(11 + 4);
        skip(readInt());
    }

    short readShort() throws SQLException {
        need(Short.BYTES);
        short value = (short) SHORT.get(buffer, position);
        position += Short.BYTES;
        return value;
    }

    int readInt() throws SQLException {
        need(Integer.BYTES);
        int value = (int) INT.get(buffer, position);
        position += Integer.BYTES;
        return value;
    }

    long readLong() throws SQLException {
        need(Long.BYTES);
        long value = (long) LONG.get(buffer, position);
        position += Long.BYTES;
        return value;
    }

    void skip(int bytes) throws SQLException {
        need(bytes);
        position += bytes;
    }

    /** Makes {@code bytes} bytes readable at the position, joining messages when they span more than one. */
    private void need(int bytes) throws SQLException {
        while (buffer.length - position < bytes) {
            byte[] next = copy.readFromCopy();
            if (next == null) {
                throw new SQLException("the server's COPY ended in the middle of a row");
            }
            int rest = buffer.length - position;
            if (rest == 0) {
                buffer = next;
            } else {
                byte[] joined = Arrays.copyOfRange(buffer, position, position + rest + next.length);
                System.arraycopy(next, 0, joined, rest, next.length);
                buffer = joined;
            }
            position = 0;
        }
    }

    /** Reads the COPY to its end, after its last row, so that the connection is ready for the next statement. */
    void finish() throws SQLException {
        while (copy.readFromCopy() != null) {
            // nothing follows the trailer but the end of the COPY
        }
    }

    /** Cancels the COPY unless it was read to its end. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
