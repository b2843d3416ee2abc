package dev.dbadapter.sync.internal;

import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Column;
import dev.dbadapter.adapter.postgres.internal.catalog.Constraint;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.internal.Identifiers;
import dev.dbadapter.sync.SyncException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One table as a sync over two PostgreSQL databases sees it: what identifies its rows, the columns
 * whose values are compared, and the references a digest follows to the referenced row's slug.
 *
 * @param def the table with its key, slug and user columns (parent and references on the FK-aware path)
 * @param userType the user column's cast type in the destination
 * @param slugType the slug column's cast type in the destination
 * @param compared the columns both sides have that are compared as they are: not the key, slug or
 *     user, a generated column, a parent or a reference
 * @param references the parent and the references to synced tables, each compared as the slug of the
 *     row it points at (keys differ between databases)
 * @param sourceColumns the columns the source table has, as stored
 * @param referenced whether another synced table points at this one: all its rows are staged, so the
 *     children's keys can be mapped
 */
public record SyncTable(TableDef def, String userType, String slugType, List<Compared> compared,
        List<Reference> references, Set<String> sourceColumns, boolean referenced) {
    private static final Pattern FIXED_SCALE = Pattern.compile("numeric\\(\\d+,\\d+\\)");
    private static final Pattern WITH_ZONE = Pattern.compile("timestamp(\\(\\d\\))? with time zone");
    private static final Pattern WITHOUT_ZONE = Pattern.compile("timestamp(\\(\\d\\))? without time zone");
    private static final Pattern TEXT_ARRAY = Pattern.compile("(text|character varying(\\(\\d+\\))?)\\[]");
    private static final Set<String> EXACT_ARRAYS = Set.of("smallint[]", "integer[]", "bigint[]", "boolean[]", "uuid[]");

    /**
     * A column that points at a synced table's key.
     *
     * @param field the referencing column, as stored
     * @param table the referenced table
     * @param keyType {@code bigint} when the column and the key it points at are integers on both
     *     sides, {@code uuid} when they are uuids on both sides, else null: the types whose keys
     *     {@link #keyNumber} turns into equal numbers exactly when they are equal
     */
    public record Reference(String field, TableDef table, String keyType) {
        /** Returns the 64-bit number that stands for the key {@code value} (SQL), or null when the key type has none. */
        public String keyNumber(String value) {
            return keyType == null ? null
                    : keyType.equals("uuid") ? "uuid_hash_extended(" + value + ", 0)" : value + "::bigint";
        }
    }

    /**
     * A column whose values are compared.
     *
     * @param name the column, as stored
     * @param type the column's type when it is the same on both sides, else null (compared as text)
     */
    public record Compared(String name, String type) {
    }

    /**
     * Reads both catalogs for the tables of {@code scope}, one query per kind and side, and returns
     * them in scope order; tables with foreign keys are listed in {@code withForeignKeys} (destination).
     *
     * @throws SyncException when a table, or its key, slug, user, parent or reference column, is missing
     *     on a side, or a table on the direct path has no single-column primary key
     */
    public static List<SyncTable> describe(Connection source, Connection destination, SyncScope scope,
            Set<String> withForeignKeys) throws SQLException {
        List<String> quoted = scope.tables().stream().map(def -> Identifiers.table(def.name())).toList();
        Catalog.Scope tables = Catalog.Scope.tables(quoted);
        Map<String, List<Column>> sourceColumns = new Catalog(source).columns(tables);
        Map<String, List<Column>> destinationColumns = new Catalog(destination).columns(tables);
        Map<String, List<Constraint>> constraints = new Catalog(destination).constraints(tables);
        List<SyncTable> described = new ArrayList<>();
        for (int i = 0; i < quoted.size(); i++) {
            TableDef def = scope.tables().get(i);
            List<Column> inSource = sourceColumns.getOrDefault(quoted.get(i), List.of());
            List<Column> inDestination = destinationColumns.getOrDefault(quoted.get(i), List.of());
            requireTable(def, !inSource.isEmpty(), "source");
            requireTable(def, !inDestination.isEmpty(), "destination");
            List<Constraint> tableConstraints = constraints.getOrDefault(quoted.get(i), List.of());
            if (tableConstraints.stream().anyMatch(constraint -> constraint.type() == 'f')) {
                withForeignKeys.add(def.name());
            }
            if (!scope.fkAware()) {
                def = new TableDef(def.name(), primaryKey(def, tableConstraints), def.slugField(), def.userField(), null,
                        List.of());
            }
            List<Reference> references = new ArrayList<>();
            List<ForeignKey> pointers = new ArrayList<>(def.optionalRefs());
            if (def.parent() != null) {
                pointers.addFirst(def.parent());
            }
            for (ForeignKey pointer : pointers) {
                TableDef target = scope.schema().table(pointer.table()).orElseThrow();
                references.add(new Reference(pointer.field(), target, keyType(List.of(sourceColumns, destinationColumns),
                        quoted.get(i), pointer.field(), Identifiers.table(target.name()), target.pk())));
            }
            Set<String> special = new LinkedHashSet<>(List.of(def.pk(), def.slugField(), def.userField()));
            references.forEach(reference -> special.add(reference.field()));
            Set<String> sourceNames = new LinkedHashSet<>(inSource.stream().map(Column::name).toList());
            Set<String> destinationNames = new LinkedHashSet<>(inDestination.stream().map(Column::name).toList());
            for (String column : special) {
                requireColumn(def, sourceNames, column, "source");
                requireColumn(def, destinationNames, column, "destination");
            }
            Map<String, String> sourceTypes = new HashMap<>();
            inSource.forEach(column -> sourceTypes.put(column.name(), column.type()));
            List<Compared> compared = inDestination.stream()
                    .filter(column -> !column.generated() && sourceNames.contains(column.name())
                            && !special.contains(column.name()))
                    .map(column -> new Compared(column.name(),
                            column.type().equals(sourceTypes.get(column.name())) ? column.type() : null))
                    .toList();
            described.add(new SyncTable(def, castType(inDestination, def.userField()),
                    castType(inDestination, def.slugField()), compared, List.copyOf(references), Set.copyOf(sourceNames),
                    scope.referenced(def)));
        }
        return described;
    }

    /** Returns the table's name quoted for SQL. */
    public String sql() {
        return Identifiers.table(def.name());
    }

    /**
     * Returns the {@code FROM} clause over the table as {@code t}, joined to the rows its references
     * point at as {@code r0}, {@code r1}, …, for {@link #digest()}.
     */
    public String from() {
        StringBuilder from = new StringBuilder(sql()).append(" t");
        for (int k = 0; k < references.size(); k++) {
            Reference reference = references.get(k);
            from.append(" LEFT JOIN ").append(Identifiers.table(reference.table().name())).append(" r").append(k)
                    .append(" ON r").append(k).append('.').append(Identifiers.quote(reference.table().pk()))
                    .append(" = t.").append(Identifiers.quote(reference.field()));
        }
        return from.toString();
    }

    /**
     * Returns the digest of a row of {@link #from()}: a 64-bit hash of the compared values and of
     * the slugs the references point at. Both databases compute it the same way, so equal
     * digests mean equal content whatever the keys (two different rows share a digest with odds of
     * one in 2^64; digests that differ when the content does not, as between servers of different
     * byte order, cost an update that changes nothing).
     */
    public String digest() {
        return hash(0);
    }

    /**
     * Returns {@link #digest()} without the parent: what a row-by-row comparison reads beside
     * {@link #parentSlug()}, so that a row whose parent alone changed can be told apart.
     */
    public String content() {
        return hash(def.parent() == null ? 0 : 1);
    }

    /**
     * Returns the hash of the compared columns alone, over the table as {@code t}: {@link #digest()}
     * is this hash combined (exclusive or) with {@link #referenceSlugs} of each reference's row.
     */
    public String columnsDigest() {
        return hash(references.size());
    }

    /**
     * Returns, for each reference, the number that stands for the key a row of the table (as
     * {@code t}) points at, as SQL; or null when a reference's key has no such number.
     */
    public List<String> referenceKeys() {
        List<String> keys = references.stream().map(reference -> reference.keyNumber("t." + Identifiers.quote(reference.field())))
                .toList();
        return keys.contains(null) ? null : keys;
    }

    /**
     * Returns the query that gives, for every row of the table reference {@code k} points at, the
     * number of its key and the part of {@link #digest()} that a row pointing at it has; a row
     * pointing at no row has {@link #referenceSeed}.
     */
    public String referenceSlugs(int k) {
        Reference reference = references.get(k);
        return "SELECT " + reference.keyNumber("r." + Identifiers.quote(reference.table().pk())) + ", "
                + valueHash("r." + Identifiers.quote(reference.table().slugField()), null, referenceSeed(k)) + " FROM "
                + Identifiers.table(reference.table().name()) + " r";
    }

    /** Returns the part of {@link #digest()} of a row whose reference {@code k} points at no row, or at one without a slug. */
    public int referenceSeed(int k) {
        return compared.size() + 2 + k;
    }

    /** Returns the slug, as text, of the parent row a row of {@link #from()} points at; {@code NULL} without a parent. */
    public String parentSlug() {
        return def.parent() == null ? "NULL" : "r0." + Identifiers.quote(references.getFirst().table().slugField()) + "::text";
    }

    /**
     * The hash of the compared columns and the slugs of the references from the {@code first}: each
     * value hashed with a seed of its own (a null gives the seed), combined by exclusive or. Hashing
     * value by value costs less than the text of the whole row, and equal values still give equal
     * hashes, whichever server computes them.
     */
    private String hash(int first) {
        List<String> hashes = new ArrayList<>();
        for (Compared column : compared) {
            hashes.add(valueHash("t." + Identifiers.quote(column.name()), column.type(), hashes.size() + 2));
        }
        for (int k = first; k < references.size(); k++) {
            hashes.add(valueHash("r" + k + "." + Identifiers.quote(references.get(k).table().slugField()), null,
                    hashes.size() + 2));
        }
        return hashes.isEmpty() ? "0" : "(" + String.join(" # ", hashes) + ")";
    }

    /**
     * Returns the 64-bit hash of {@code value} (SQL) with {@code seed}, or the seed for a null. A value
     * of a type both sides share whose text is a function of its value alone is hashed as the value,
     * which spares writing it as text (a timestamp's text costs more than the rest of the row's
     * hashing); so is {@code jsonb}, equal as PostgreSQL compares it (a number's trailing zeros
     * aside); any other value, or one typed otherwise on each side, is hashed as its text.
     */
    static String valueHash(String value, String type, int seed) {
        String kind = type == null ? "" : type;
        String hash = switch (kind) {
            case "smallint", "integer", "bigint" -> "hashint8extended(" + value + "::bigint, " + seed + ")";
            case "boolean" -> "hashint4extended(" + value + "::integer, " + seed + ")";
            case "uuid" -> "uuid_hash_extended(" + value + ", " + seed + ")";
            default -> WITH_ZONE.matcher(kind).matches()
                    ? "timestamp_hash_extended(" + value + " AT TIME ZONE 'UTC', " + seed + ")"
                    : WITHOUT_ZONE.matcher(kind).matches() ? "timestamp_hash_extended(" + value + ", " + seed + ")"
                    // a declared scale fixes the digits, so equal numbers have equal text
                    : FIXED_SCALE.matcher(kind).matches() ? "hash_numeric_extended(" + value + ", " + seed + ")"
                    // equal as PostgreSQL compares jsonb: a number's trailing zeros (1.0, 1.00) are no change
                    : kind.equals("jsonb") ? "jsonb_hash_extended(" + value + ", " + seed + ")"
                    : TEXT_ARRAY.matcher(kind).matches() ? arrayHash(value, value + " COLLATE \"C\"", seed)
                    : EXACT_ARRAYS.contains(kind) ? arrayHash(value, value, seed)
                    : textHash(value, seed);
        };
        return "coalesce(" + hash + ", " + seed + ")";
    }

    /**
     * Returns the hash of an array {@code value} as its elements ({@code elements}: the value, collated
     * when needed) when it has one dimension from 1, as the elements' hashes do not tell bounds and
     * dimensions apart; else of its text.
     */
    private static String arrayHash(String value, String elements, int seed) {
        return "CASE WHEN array_ndims(" + value + ") = 1 AND array_lower(" + value + ", 1) = 1 THEN hash_array_extended("
                + elements + ", " + seed + ") ELSE " + textHash(value, seed) + " END";
    }

    /** Returns the hash of {@code value}'s text, compared byte for byte whatever the value's collation. */
    private static String textHash(String value, int seed) {
        return "hashtextextended(" + value + "::text COLLATE \"C\", " + seed + ")";
    }

    /**
     * Refuses a table that does not exist on {@code side}.
     *
     * @throws SyncException naming the table and side
     */
    static void requireTable(TableDef def, boolean exists, String side) {
        if (!exists) {
            throw new SyncException("Table '" + def.name() + "' does not exist in the " + side + " database",
                    "check the table name (--tables or [sync] tables), or create it there (db-adapter fix)", null);
        }
    }

    /**
     * Refuses a table whose {@code columns} on {@code side} lack {@code column}.
     *
     * @throws SyncException naming the table, column, its role and the side
     */
    static void requireColumn(TableDef def, Set<String> columns, String column, String side) {
        if (!columns.contains(column)) {
            String role = column.equals(def.userField()) ? " (the user field)"
                    : column.equals(def.slugField()) ? " (the slug field)" : column.equals(def.pk()) ? " (the key)" : "";
            throw new SyncException("Table '" + def.name() + "' has no column '" + column + "'" + role + " in the "
                    + side + " database", role.contains("user") ? "pass --user-field with the column holding the user id"
                    : role.contains("slug") ? "pass --slug-field with the column that identifies a row" : null, null);
        }
    }

    private static String primaryKey(TableDef def, List<Constraint> constraints) {
        return constraints.stream().filter(constraint -> constraint.type() == 'p' && constraint.columns().size() == 1)
                .map(constraint -> constraint.columns().getFirst()).findFirst()
                .orElseThrow(() -> new SyncException("Table '" + def.name()
                        + "' has no single-column primary key in the destination database, which a sync needs", null, null));
    }

    /**
     * Returns the {@link Reference#keyType} of a reference from {@code field} of {@code table} to
     * {@code key} of {@code target} (tables quoted), given the columns of each side.
     */
    private static String keyType(List<Map<String, List<Column>>> sides, String table, String field, String target,
            String key) {
        Set<String> types = new HashSet<>();
        for (Map<String, List<Column>> side : sides) {
            types.add(typeName(side.getOrDefault(table, List.of()), field));
            types.add(typeName(side.getOrDefault(target, List.of()), key));
        }
        return Set.of("int2", "int4", "int8").containsAll(types) ? "bigint" : types.equals(Set.of("uuid")) ? "uuid" : null;
    }

    private static String typeName(List<Column> columns, String name) {
        return columns.stream().filter(column -> column.name().equals(name)).map(Column::typeName).findFirst().orElse("");
    }

    private static String castType(List<Column> columns, String name) {
        return columns.stream().filter(column -> column.name().equals(name)).findFirst().orElseThrow().castType();
    }
}
