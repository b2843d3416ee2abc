package dev.dbadapter.adapter.postgres.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Oid;
import org.postgresql.jdbc.PgResultSet;
import org.postgresql.util.PGobject;

/**
 * Converts between JDBC and the natural Java types of the {@code Map} API: numbers, booleans,
 * strings, {@link UUID}, {@code java.time} values, {@code byte[]}, {@link List} for arrays and
 * parsed JSON for {@code json} / {@code jsonb}.
 */
public final class ValueCodec {
    /** The JSON mapper used for json/jsonb values: decimals stay exact, dates are ISO strings. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** What {@link #readAll} calls a {@code timestamptz} column the server sends in binary. */
    private static final String BINARY_TIMESTAMPTZ = "timestamptz in binary";
    /** 2000-01-01T00:00Z, where binary timestamps count from, in seconds since 1970. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private ValueCodec() {
    }

    /** Reads every row of {@code rs} into maps keyed by column label, in column order. */
    public static List<Map<String, Object>> readAll(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        PgResultSet pg = rs.unwrap(PgResultSet.class);
        PGResultSetMetaData binary = meta.unwrap(PGResultSetMetaData.class);
        int count = meta.getColumnCount();
        String[] labels = new String[count];
        String[] types = new String[count];
        for (int i = 0; i < count; i++) {
            labels[i] = meta.getColumnLabel(i + 1);
            // the common types by OID: the driver's JDBC type lookup costs a CRUD call a visible share
            types[i] = switch (pg.getColumnOID(i + 1)) {
                case Oid.INT2, Oid.INT4, Oid.INT8, Oid.FLOAT4, Oid.FLOAT8, Oid.BOOL, Oid.TEXT, Oid.VARCHAR,
                        Oid.BPCHAR -> "";
                case Oid.NUMERIC -> "numeric";
                case Oid.TIMESTAMPTZ -> binary.getFormat(i + 1) == 1 ? BINARY_TIMESTAMPTZ : "timestamptz";
                case Oid.TIMESTAMP -> "timestamp";
                case Oid.DATE -> "date";
                case Oid.JSONB -> "jsonb";
                default -> {
                    int jdbcType = meta.getColumnType(i + 1);
                    yield jdbcType == Types.NUMERIC || jdbcType == Types.DECIMAL ? "numeric"
                            : readAsIs(jdbcType) ? "" : typeName(rs, i + 1);
                }
            };
        }
        RowMap.Columns columns = new RowMap.Columns(labels);
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < count; i++) {
                values[columns.slot(i)] = read(rs, i + 1, types[i]);
            }
            rows.add(new RowMap(columns, values));
        }
        return rows;
    }

    /**
     * PostgreSQL's name of column {@code index}'s type ({@code int4}, {@code _text}, {@code jsonb}, …),
     * found from the type's OID in the driver's type cache. {@link ResultSetMetaData#getColumnTypeName}
     * would run a catalog query for the column first (to tell {@code serial} from {@code int4}), which
     * takes hundreds of milliseconds with nested loops turned off.
     *
     * @throws SQLException if the result set is closed or the type cannot be looked up
     */
    public static String typeName(ResultSet rs, int index) throws SQLException {
        int oid = rs.unwrap(PgResultSet.class).getColumnOID(index);
        return rs.getStatement().getConnection().unwrap(BaseConnection.class).getTypeInfo().getPGType(oid);
    }

    /**
     * Whether a column of this JDBC type is read with plain {@code getObject}, so its PostgreSQL type
     * name is not needed.
     */
    private static boolean readAsIs(int jdbcType) {
        return switch (jdbcType) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.DOUBLE,
                    Types.REAL, Types.FLOAT, Types.BIT, Types.BOOLEAN, Types.VARCHAR, Types.CHAR -> true;
            default -> false;
        };
    }

    /** Reads column {@code index} whose PostgreSQL type name is {@code type}. */
    public static Object read(ResultSet rs, int index, String type) throws SQLException {
        Object value = switch (type) {
            case "date" -> rs.getObject(index, LocalDate.class);
            case "timestamp" -> rs.getObject(index, LocalDateTime.class);
            case "timestamptz" -> rs.getObject(index, OffsetDateTime.class);
            case BINARY_TIMESTAMPTZ -> timestamptz(rs.getBytes(index));
            case "time" -> rs.getObject(index, LocalTime.class);
            case "timetz" -> rs.getObject(index, OffsetTime.class);
            case "bytea" -> rs.getBytes(index);
            case "numeric" -> numeric(rs.getString(index));
            case "_numeric" -> numericArray(rs.getString(index));
            // the server's text: pgjdbc's PGInterval would print "1 days 2 hours" for "1 day 02:00:00"
            case "interval" -> rs.getString(index);
            case "json", "jsonb" -> parseJson(rs.getString(index));
            default -> rs.getObject(index);
        };
        if (value instanceof Array array) {
            try {
                return toList(array.getArray(), type);
            } finally {
                array.free();
            }
        }
        if (value instanceof PGobject object) {
            return object.getValue();
        }
        return value;
    }

    /**
     * Decodes a {@code timestamptz} sent in binary: microseconds since 2000-01-01 UTC, the largest
     * and smallest values standing for the infinities. The driver's own decoding builds a converter,
     * calendar included, for every result set.
     */
    private static OffsetDateTime timestamptz(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        long micros = 0;
        for (byte b : bytes) {
            micros = micros << 8 | (b & 0xff);
        }
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        Instant instant = Instant.ofEpochSecond(POSTGRES_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1_000L);
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Reads {@code numeric} text: a {@link BigDecimal}, or for {@code NaN} and the infinities (which
     * a {@code BigDecimal} cannot hold) the {@code double} of the same value; {@code null} stays
     * {@code null}.
     */
    private static Object numeric(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> new BigDecimal(text);
        };
    }

    /**
     * Reads a {@code numeric[]} literal ({@code {1.5,NaN,NULL}}, nested braces for more dimensions)
     * into lists of {@link #numeric} values; numeric elements are never quoted.
     */
    private static List<Object> numericArray(String text) {
        if (text == null) {
            return null;
        }
        int start = text.startsWith("[") ? text.indexOf('=') + 1 : 0;
        List<List<Object>> open = new ArrayList<>();
        List<Object> done = null;
        int element = -1;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                List<Object> list = new ArrayList<>();
                if (!open.isEmpty()) {
                    open.getLast().add(list);
                }
                open.add(list);
            } else if (c == ',' || c == '}') {
                if (element >= 0) {
                    String item = text.substring(element, i);
                    open.getLast().add(item.equals("NULL") ? null : numeric(item));
                    element = -1;
                }
                if (c == '}') {
                    done = open.removeLast();
                }
            } else if (element < 0) {
                element = i;
            }
        }
        return done;
    }

    /** Parses JSON text into maps, lists and scalars; {@code null} stays {@code null}. */
    public static Object parseJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    /** Writes {@code value} as JSON text. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Object> toList(Object array, String arrayType) {
        String element = arrayType.startsWith("_") ? arrayType.substring(1) : arrayType;
        Object[] items = (Object[]) array;
        List<Object> list = new ArrayList<>(items.length);
        for (Object item : items) {
            list.add(convertElement(item, element));
        }
        return list;
    }

    private static Object convertElement(Object item, String element) {
        if (item == null) {
            return null;
        }
        if (item instanceof Object[] nested) {
            return toList(nested, element);
        }
        return switch (item) {
            case java.sql.Date date -> date.toLocalDate();
            case Timestamp ts when element.equals("timestamptz") -> ts.toInstant().atOffset(ZoneOffset.UTC);
            case Timestamp ts -> ts.toLocalDateTime();
            case java.sql.Time time -> time.toLocalTime();
            case PGobject object when element.equals("json") || element.equals("jsonb") -> parseJson(object.getValue());
            case PGobject object -> object.getValue();
            case String text when element.equals("json") || element.equals("jsonb") -> parseJson(text);
            default -> item;
        };
    }

    /**
     * Binds {@code value} to parameter {@code index}. Strings (and enums) go untyped so that
     * PostgreSQL casts them to the column's type; maps go as JSON; lists go as an array of
     * {@code arrayElementType}; when that is {@code "json"}, every non-string value goes as JSON.
     *
     * @param arrayElementType the column's element type for a list value, {@code "json"} for a
     *     json/jsonb column, or {@code null} when unknown (then a list's type is guessed from its
     *     elements)
     */
    public static void bind(Connection connection, PreparedStatement statement, int index, Object value,
            String arrayElementType) throws SQLException {
        if ("json".equals(arrayElementType) && value != null && !(value instanceof String)) {
            statement.setObject(index, toJson(value), Types.OTHER);
            return;
        }
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case String text -> statement.setObject(index, text, Types.OTHER);
            case Character c -> statement.setObject(index, c.toString(), Types.OTHER);
            case Enum<?> e -> statement.setObject(index, e.name(), Types.OTHER);
            case byte[] bytes -> statement.setBytes(index, bytes);
            case Map<?, ?> map -> statement.setObject(index, toJson(map), Types.OTHER);
            case Collection<?> items -> {
                String elementType = arrayElementType != null ? arrayElementType : guessElementType(items);
                statement.setArray(index, connection.createArrayOf(elementType, toArrayElements(items)));
            }
            case Object[] items -> bind(connection, statement, index, List.of(items), arrayElementType);
            case Number number -> statement.setObject(index, number);
            case Boolean bool -> statement.setObject(index, bool);
            case UUID uuid -> statement.setObject(index, uuid);
            case Temporal temporal -> statement.setObject(index, temporal);
            default -> statement.setObject(index, value.toString(), Types.OTHER);
        }
    }

    /**
     * Renders a collection as a PostgreSQL array literal ({@code {"a","b",NULL}}), to be bound untyped
     * so the server casts it to the compared column's array type.
     */
    public static String arrayLiteral(Collection<?> items) {
        StringBuilder literal = new StringBuilder("{");
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                literal.append(',');
            }
            first = false;
            if (item == null) {
                literal.append("NULL");
            } else {
                String text = item instanceof Enum<?> e ? e.name() : item.toString();
                literal.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }

    private static Object[] toArrayElements(Collection<?> items) {
        Object[] elements = new Object[items.size()];
        int i = 0;
        for (Object item : items) {
            elements[i++] = item instanceof Collection<?> nested ? toArrayElements(nested)
                    : item instanceof Temporal || item instanceof Enum<?> ? item.toString() : item;
        }
        return elements;
    }

    private static String guessElementType(Collection<?> items) {
        for (Object item : items) {
            if (item == null) {
                continue;
            }
            return switch (item) {
                case Integer i -> "int4";
                case Short s -> "int2";
                case Long l -> "int8";
                case BigDecimal d -> "numeric";
                case Double d -> "float8";
                case Float f -> "float4";
                case Boolean b -> "bool";
                case UUID u -> "uuid";
                case LocalDate d -> "date";
                case LocalDateTime d -> "timestamp";
                case OffsetDateTime d -> "timestamptz";
                case Collection<?> nested -> guessElementType(nested);
                default -> "text";
            };
        }
        return "text";
    }
}
