package dev.dbadapter.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link SchemaIntrospector#introspect} read from one schema of a live database: its tables
 * (columns, constraints, indexes, triggers) and its user functions.
 *
 * @param schema the schema name, such as {@code public}
 * @param tables table name to table, sorted by name
 * @param functions the user functions and procedures (extension members left out), sorted by
 *     name and arguments
 */
public record DatabaseSchema(String schema, Map<String, Table> tables, List<Function> functions) {

    /** Copies the collections. */
    public DatabaseSchema {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        functions = List.copyOf(functions);
    }

    /** Returns table name to its column names, in column order. */
    public Map<String, Set<String>> columnNames() {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        tables.forEach((name, table) -> names.put(name,
                Collections.unmodifiableSet(new LinkedHashSet<>(table.columns().keySet()))));
        return Collections.unmodifiableMap(names);
    }

    /**
     * One table.
     *
     * @param name the table name
     * @param columns column name to column, in column order
     * @param constraints primary key, foreign keys, unique, check and exclusion constraints, by name
     * @param indexes the indexes other than the primary key's, by name
     * @param triggers the user triggers (not the internal ones behind foreign keys), by name
     */
    public record Table(String name, Map<String, Column> columns, List<Constraint> constraints,
            List<Index> indexes, List<Trigger> triggers) {
        /** Copies the collections. */
        public Table {
            columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
            constraints = List.copyOf(constraints);
            indexes = List.copyOf(indexes);
            triggers = List.copyOf(triggers);
        }
    }

    /**
     * One column.
     *
     * @param name the column name
     * @param type the type as PostgreSQL formats it ({@code integer}, {@code character varying(100)},
     *     {@code timestamp without time zone})
     * @param nullable whether it accepts NULL
     * @param defaultValue the default expression ({@code nextval('items_a_seq'::regclass)}, {@code 0}),
     *     or {@code null}
     * @param identity {@code ALWAYS} or {@code BY DEFAULT} for identity columns, else {@code null}
     */
    public record Column(String name, String type, boolean nullable, String defaultValue, String identity) {
    }

    /** The kinds of table constraint. */
    public enum ConstraintType {
        /** {@code PRIMARY KEY}. */
        PRIMARY_KEY,
        /** {@code FOREIGN KEY}. */
        FOREIGN_KEY,
        /** {@code UNIQUE}. */
        UNIQUE,
        /** {@code CHECK}. */
        CHECK,
        /** {@code EXCLUDE}. */
        EXCLUDE
    }

    /**
     * One constraint.
     *
     * @param name the constraint name
     * @param type its kind
     * @param columns the constrained columns, in key order (empty for a check on an expression)
     * @param referencedTable for a foreign key, the referenced table (qualified when in another
     *     schema); else {@code null}
     * @param referencedColumns for a foreign key, the referenced columns; else empty
     * @param onDelete for a foreign key, {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE},
     *     {@code SET NULL} or {@code SET DEFAULT}; else {@code null}
     * @param definition the constraint as PostgreSQL prints it ({@code CHECK ((price >= 0))})
     */
    public record Constraint(String name, ConstraintType type, List<String> columns, String referencedTable,
            List<String> referencedColumns, String onDelete, String definition) {
        /** Copies the lists. */
        public Constraint {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /**
     * One index other than the primary key's.
     *
     * @param name the index name
     * @param columns the key columns (or expressions), in order
     * @param unique whether it is unique
     * @param method the access method: {@code btree}, {@code gin}, {@code hash}, ...
     * @param definition the {@code CREATE INDEX} statement as PostgreSQL prints it
     */
    public record Index(String name, List<String> columns, boolean unique, String method, String definition) {
        /** Copies the list. */
        public Index {
            columns = List.copyOf(columns);
        }
    }

    /**
     * One user trigger.
     *
     * @param name the trigger name
     * @param events {@code INSERT}, {@code UPDATE}, {@code DELETE}, {@code TRUNCATE}, in that order
     * @param timing {@code BEFORE}, {@code AFTER} or {@code INSTEAD OF}
     * @param level {@code ROW} or {@code STATEMENT}
     * @param function the trigger function's name (qualified when outside the table's schema)
     */
    public record Trigger(String name, List<String> events, String timing, String level, String function) {
        /** Copies the list. */
        public Trigger {
            events = List.copyOf(events);
        }

        /** Returns the events joined with {@code " OR "}, as in {@code CREATE TRIGGER}. */
        public String event() {
            return String.join(" OR ", events);
        }
    }

    /**
     * One user function or procedure.
     *
     * @param name the function name
     * @param arguments its identity arguments ({@code a integer, b text})
     * @param returnType its result type ({@code trigger}, {@code SETOF text}); empty for a procedure
     * @param language its language ({@code plpgsql}, {@code sql})
     * @param definition the full {@code CREATE OR REPLACE FUNCTION} text
     */
    public record Function(String name, String arguments, String returnType, String language, String definition) {
    }
}
