package dev.dbadapter.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dbadapter.SqlNames;
import java.util.List;
import java.util.Objects;

/**
 * One table of a {@link BackupSchema}: its primary key, the slug that identifies a row for a user
 * across databases, the column holding the owning user, an optional parent and optional references.
 * Column names are held as PostgreSQL stores them (folded once, when the schema is loaded or built
 * with {@link #of}, {@link #child} or {@link #withColumns}); the table name is kept as written, as
 * the backup file's key.
 *
 * @param name the table, {@code name} or {@code schema.name}
 * @param pk the primary-key column (default {@code id})
 * @param slugField the column that, with the user (and parent), identifies a row (default {@code slug})
 * @param userField the column holding the owning user's id (default {@code user_id})
 * @param parent the required parent reference, or {@code null} for a top-level table
 * @param optionalRefs references remapped when their target was restored, else set to null
 */
public record TableDef(String name, String pk, @JsonProperty("slug_field") String slugField,
        @JsonProperty("user_field") String userField, ForeignKey parent,
        @JsonProperty("optional_refs") List<ForeignKey> optionalRefs) {

    /** The default primary-key column. */
    public static final String DEFAULT_PK = "id";
    /** The default slug column. */
    public static final String DEFAULT_SLUG_FIELD = "slug";
    /** The default user column. */
    public static final String DEFAULT_USER_FIELD = "user_id";

    /**
     * Fills defaults for null columns and checks every name. Column names are taken as stored
     * ({@code "With Space"}, not {@code "\"With Space\""}): nothing is folded here, so a copy of a
     * table is the same table.
     *
     * @throws IllegalArgumentException when the table name is not a valid identifier or a column name
     *     cannot be a stored name
     */
    public TableDef {
        Objects.requireNonNull(name, "table name");
        SqlNames.quotedTable(name);
        pk = SqlNames.stored(pk == null ? DEFAULT_PK : pk, "column");
        slugField = SqlNames.stored(slugField == null ? DEFAULT_SLUG_FIELD : slugField, "column");
        userField = SqlNames.stored(userField == null ? DEFAULT_USER_FIELD : userField, "column");
        optionalRefs = optionalRefs == null ? List.of() : List.copyOf(optionalRefs);
    }

    /** A top-level table with the default columns. */
    public static TableDef of(String name) {
        return new TableDef(name, null, null, null, null, List.of());
    }

    /**
     * A child table with the default columns, whose {@code field} (as SQL spells it) references
     * {@code parentTable}.
     *
     * @throws IllegalArgumentException when a name is not a valid identifier
     */
    public static TableDef child(String name, String parentTable, String field) {
        return new TableDef(name, null, null, null, ForeignKey.of(parentTable, field), List.of());
    }

    /** Returns a copy with {@code refs} as its optional references. */
    public TableDef withOptionalRefs(ForeignKey... refs) {
        return new TableDef(name, pk, slugField, userField, parent, List.of(refs));
    }

    /**
     * Returns a copy with other primary-key, slug and user columns, named as SQL spells them (folded
     * unless quoted); {@code null} takes the default.
     *
     * @throws IllegalArgumentException when a name is not a valid identifier
     */
    public TableDef withColumns(String pk, String slugField, String userField) {
        return new TableDef(name, folded(pk), folded(slugField), folded(userField), parent, optionalRefs);
    }

    private static String folded(String column) {
        return column == null ? null : SqlNames.fold(column, "column");
    }
}
