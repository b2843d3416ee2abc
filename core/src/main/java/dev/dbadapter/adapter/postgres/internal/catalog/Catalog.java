package dev.dbadapter.adapter.postgres.internal.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads PostgreSQL's catalog into records: the one place that queries {@code pg_catalog} for the
 * adapter, schema and backup code. A read of tables covers a whole {@link Scope} in one statement,
 * so a thousand tables cost the same round trips as one.
 */
public final class Catalog {
    private final Connection connection;

    /** Creates a reader on {@code connection}; each call runs on it (inside its transaction, if any). */
    public Catalog(Connection connection) {
        this.connection = connection;
    }

    /**
     * The tables a read covers, and the key each table's records come under: a schema's tables by
     * name, or tables named as SQL under that SQL text.
     */
    public static final class Scope {
        private final String key;
        private final String from;
        private final String where;
        private final String order;
        private final List<Object> parameters;

        private Scope(String key, String from, String where, String order, List<Object> parameters) {
            this.key = key;
            this.from = from;
            this.where = where;
            this.order = order;
            this.parameters = parameters;
        }

        /**
         * The plain and partitioned tables of {@code schema}, keyed by name, in name order; tables named
         * in {@code excluded} and tables that belong to an extension are left out.
         */
        public static Scope schema(String schema, Set<String> excluded) {
            return new Scope("c.relname", "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace", """
                    n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY (?))
                      AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                                      AND e.objid = c.oid AND e.deptype = 'e')""", "c.relname",
                    List.of(schema, excluded.toArray(String[]::new)));
        }

        /**
         * The relations (tables, views, ...) named by {@code quotedNames}, each as SQL ({@code "products"},
         * {@code "audit"."log"}) and keyed by that text, in the given order; names that resolve to nothing
         * are left out.
         */
        public static Scope tables(Collection<String> quotedNames) {
            return new Scope("q.key", """
                    unnest(?::text[]) WITH ORDINALITY q(key, ord)
                    JOIN pg_class c ON c.oid = to_regclass(q.key)
                    JOIN pg_namespace n ON n.oid = c.relnamespace""", "TRUE", "q.ord",
                    List.of((Object) new LinkedHashSet<>(quotedNames).toArray(String[]::new)));
        }

        /** Returns the one relation {@code quotedName}; see {@link #tables}. */
        public static Scope table(String quotedName) {
            return tables(List.of(quotedName));
        }

        private String query(String columns, String joins, String condition, String orderBy) {
            return "SELECT " + key + " AS table_key, " + columns + "\nFROM " + from + "\n" + joins
                    + "\nWHERE " + where + (condition.isEmpty() ? "" : " AND " + condition)
                    + "\nORDER BY " + order + (orderBy.isEmpty() ? "" : ", " + orderBy);
        }
    }

    /**
     * Returns the columns of every table in {@code scope}, in column order; a table without columns
     * maps to an empty list.
     */
    public Map<String, List<Column>> columns(Scope scope) throws SQLException {
        return perTable(scope, """
                a.attname, format_type(a.atttypid, a.atttypmod) AS type, CASE t.typname WHEN 'bpchar' THEN 'bpchar' WHEN '_bpchar' THEN 'bpchar[]' WHEN 'bit' THEN 'varbit'
                    WHEN '_bit' THEN 'varbit[]' ELSE format_type(a.atttypid, NULL) END AS cast_type,
                t.typname, t.typcategory, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default_value,
                a.attidentity::text AS attidentity, a.attgenerated::text AS attgenerated,
                quote_ident(cn.nspname) || '.' || quote_ident(co.collname) AS collation,
                a.attacl IS NOT NULL AS has_privileges, ds.description AS comment""", """
                LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                LEFT JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
                LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation
                LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass
                                           AND ds.objsubid = a.attnum""", "", "a.attnum", rs -> {
                    String name = rs.getString("attname");
                    if (name == null) {
                        return null;
                    }
                    String identity = switch (rs.getString("attidentity")) {
                        case "a" -> "ALWAYS";
                        case "d" -> "BY DEFAULT";
                        default -> null;
                    };
                    return new Column(name, rs.getString("type"), rs.getString("cast_type"), rs.getString("typname"),
                            rs.getString("typcategory"), rs.getBoolean("attnotnull"), rs.getString("default_value"),
                            identity, !rs.getString("attgenerated").isEmpty(), rs.getString("collation"),
                            rs.getBoolean("has_privileges"), rs.getString("comment"));
                });
    }

    /**
     * Returns the column names of every table in {@code scope}, in column order: a lighter
     * {@link #columns} for callers that need names only.
     */
    public Map<String, List<String>> columnNames(Scope scope) throws SQLException {
        return perTable(scope, "a.attname",
                "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped", "",
                "a.attnum", rs -> rs.getString("attname"));
    }

    /** Returns the plain and partitioned tables in {@code scope}; views and other relations are left out. */
    public Map<String, Table> tables(Scope scope) throws SQLException {
        Map<String, Table> tables = new LinkedHashMap<>();
        perTable(scope, """
                c.oid::bigint AS oid, c.reltype::bigint AS reltype, n.nspname, c.relname,
                c.relkind = 'p' OR c.relispartition
                  OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid) AS inherits,
                pg_get_userbyid(c.relowner) AS owner, pg_get_userbyid(c.relowner) = current_user AS own,
                c.relrowsecurity, c.relforcerowsecurity, obj_description(c.oid, 'pg_class') AS comment""", "",
                "c.relkind IN ('r', 'p')", "", rs -> new Table(rs.getLong("oid"), rs.getLong("reltype"),
                        rs.getString("nspname"), rs.getString("relname"), rs.getBoolean("inherits"),
                        rs.getString("owner"), rs.getBoolean("own"), rs.getBoolean("relrowsecurity"),
                        rs.getBoolean("relforcerowsecurity"), rs.getString("comment")))
                .forEach((key, found) -> tables.put(key, found.getFirst()));
        return tables;
    }

    /** Returns the constraints of every table in {@code scope}, by name. */
    public Map<String, List<Constraint>> constraints(Scope scope) throws SQLException {
        return constraints(scope, "con.conrelid = c.oid", "con.conname");
    }

    /**
     * Returns the foreign keys of other tables that reference each table in {@code scope}, ordered by
     * the referencing table, then by name.
     */
    public Map<String, List<Constraint>> incomingForeignKeys(Scope scope) throws SQLException {
        return constraints(scope, "con.confrelid = c.oid AND con.contype = 'f' AND con.conrelid <> c.oid",
                "con.conrelid::regclass::text, con.conname");
    }

    private Map<String, List<Constraint>> constraints(Scope scope, String on, String orderBy) throws SQLException {
        return perTable(scope, """
                con.conname, con.conrelid::regclass::text AS owner, con.contype, con.confdeltype,
                ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                      ORDER BY k.ord) AS columns,
                rn.nspname AS ref_schema, r.relname AS ref_table,
                ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                      ORDER BY k.ord) AS ref_columns,
                pg_get_constraintdef(con.oid) AS definition""", """
                JOIN pg_constraint con ON %s
                LEFT JOIN pg_class r ON r.oid = con.confrelid
                LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace""".formatted(on), "", orderBy,
                rs -> new Constraint(rs.getString("conname"), rs.getString("owner"), rs.getString("contype").charAt(0),
                        strings(rs.getArray("columns")), rs.getString("ref_schema"), rs.getString("ref_table"),
                        strings(rs.getArray("ref_columns")), rs.getString("confdeltype").charAt(0),
                        rs.getString("definition")));
    }

    /** Returns the indexes of every table in {@code scope} (the primary key's included), by name. */
    public Map<String, List<Index>> indexes(Scope scope) throws SQLException {
        return perTable(scope, """
                i.relname AS index_name, x.indisunique, x.indisprimary, am.amname,
                EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.conindid = x.indexrelid
                        AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
                ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                      FROM generate_series(1, x.indnkeyatts) k ORDER BY k) AS columns,
                pg_get_indexdef(x.indexrelid) AS definition""", """
                JOIN pg_index x ON x.indrelid = c.oid
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_am am ON am.oid = i.relam""", "", "i.relname",
                rs -> new Index(rs.getString("index_name"), rs.getBoolean("indisunique"), rs.getBoolean("indisprimary"),
                        rs.getBoolean("backs_constraint"), rs.getString("amname"), strings(rs.getArray("columns")),
                        rs.getString("definition")));
    }

    /** Returns the user triggers of every table in {@code scope}, by name. */
    public Map<String, List<Trigger>> triggers(Scope scope) throws SQLException {
        return perTable(scope, """
                t.tgname, t.tgtype, t.tgenabled::text AS enabled, pn.nspname AS function_schema, p.proname,
                pg_get_triggerdef(t.oid) AS definition""", """
                JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
                JOIN pg_proc p ON p.oid = t.tgfoid
                JOIN pg_namespace pn ON pn.oid = p.pronamespace""", "", "t.tgname",
                rs -> new Trigger(rs.getString("tgname"), rs.getInt("tgtype"), rs.getString("enabled").charAt(0),
                        rs.getString("function_schema"), rs.getString("proname"), rs.getString("definition")));
    }

    /** Returns the sequences owned by the columns (serial or identity) of every table in {@code scope}. */
    public Map<String, List<Sequence>> sequences(Scope scope) throws SQLException {
        return perTable(scope, """
                a.attname, s.relname AS sequence, quote_ident(sn.nspname) || '.' || quote_ident(s.relname) AS qualified,
                pg_sequence_last_value(s.oid) AS last_value""", """
                JOIN pg_depend d ON d.refobjid = c.oid AND d.classid = 'pg_class'::regclass
                                 AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                JOIN pg_namespace sn ON sn.oid = s.relnamespace
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid""", "", "a.attnum",
                rs -> new Sequence(rs.getString("attname"), rs.getString("sequence"), rs.getString("qualified"),
                        rs.getObject("last_value") == null ? null : rs.getLong("last_value")));
    }

    /** Returns the privileges granted on every table in {@code scope} to others than its owner. */
    public Map<String, List<Grant>> grants(Scope scope) throws SQLException {
        return perTable(scope, """
                CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END AS grantee,
                g.privilege_type, g.is_grantable""",
                "JOIN LATERAL aclexplode(c.relacl) g ON g.grantee <> c.relowner", "", "grantee, g.privilege_type",
                rs -> new Grant(rs.getString("grantee"), rs.getString("privilege_type"), rs.getBoolean("is_grantable")));
    }

    /** Returns the row-level security policies of every table in {@code scope}, by name. */
    public Map<String, List<Policy>> policies(Scope scope) throws SQLException {
        return perTable(scope, """
                pol.policyname, pol.permissive, pol.cmd, pol.roles::text[] AS roles, pol.qual, pol.with_check""",
                "JOIN pg_policies pol ON pol.schemaname = n.nspname AND pol.tablename = c.relname", "",
                "pol.policyname", rs -> new Policy(rs.getString("policyname"), rs.getString("permissive"),
                        rs.getString("cmd"), strings(rs.getArray("roles")), rs.getString("qual"),
                        rs.getString("with_check")));
    }

    /** Returns the functions and procedures of {@code schema} (extension members left out), by name. */
    public List<Function> functions(String schema) throws SQLException {
        List<Function> functions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS arguments,
                       CASE WHEN p.prokind = 'p' THEN '' ELSE pg_get_function_result(p.oid) END AS return_type,
                       l.lanname, pg_get_functiondef(p.oid) AS definition
                FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace
                JOIN pg_language l ON l.oid = p.prolang
                WHERE n.nspname = ? AND p.prokind IN ('f', 'p')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                  AND e.objid = p.oid AND e.deptype = 'e')
                ORDER BY p.proname, 2""")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    functions.add(new Function(rs.getString("proname"), rs.getString("arguments"),
                            rs.getString("return_type"), rs.getString("lanname"), rs.getString("definition")));
                }
            }
        }
        return functions;
    }

    /**
     * Returns the objects that depend on {@code table} and would stop a rebuild, described as
     * PostgreSQL describes them ({@code view shop.cheap}); what belongs to the table itself (its
     * constraints, defaults, policies, triggers, indexes and sequences) and foreign keys are not listed.
     */
    public List<String> blockingDependents(Table table) throws SQLException {
        List<String> objects = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                WITH target AS (SELECT ?::oid AS oid, ?::oid AS type)
                SELECT DISTINCT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN
                         (SELECT CASE v.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                                 ELSE 'rule on ' END || v.oid::regclass::text
                          FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class WHERE r.oid = d.objid)
                       ELSE pg_describe_object(d.classid, d.objid, d.objsubid) END AS object
                FROM pg_depend d, target
                WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = target.oid)
                       OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = target.type))
                  AND d.deptype IN ('n', 'a')
                  AND NOT (d.classid = 'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM pg_constraint c
                           WHERE c.oid = d.objid AND (c.conrelid = target.oid OR c.confrelid = target.oid)))
                  AND NOT (d.classid = 'pg_attrdef'::regclass AND EXISTS (SELECT 1 FROM pg_attrdef a
                           WHERE a.oid = d.objid AND a.adrelid = target.oid))
                  AND NOT (d.classid = 'pg_policy'::regclass AND EXISTS (SELECT 1 FROM pg_policy p
                           WHERE p.oid = d.objid AND p.polrelid = target.oid))
                  AND NOT (d.classid = 'pg_trigger'::regclass AND EXISTS (SELECT 1 FROM pg_trigger t
                           WHERE t.oid = d.objid AND (t.tgrelid = target.oid OR t.tgisinternal)))
                  AND NOT (d.classid = 'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_class o
                           WHERE o.oid = d.objid AND (o.relkind = 'S' OR (o.relkind = 'i'
                                 AND EXISTS (SELECT 1 FROM pg_index x WHERE x.indexrelid = o.oid
                                             AND x.indrelid = target.oid)))))
                ORDER BY 1""")) {
            statement.setLong(1, table.oid());
            statement.setLong(2, table.typeOid());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    objects.add(rs.getString(1));
                }
            }
        }
        return objects;
    }

    /** Maps one result row to a record, or to {@code null} for a table's row that holds none. */
    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs one query over {@code scope} and groups its records by table key, in the scope's order. */
    private <T> Map<String, List<T>> perTable(Scope scope, String columns, String joins, String condition,
            String orderBy, RowMapper<T> mapper) throws SQLException {
        Map<String, List<T>> byTable = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(scope.query(columns, joins, condition, orderBy))) {
            for (int i = 0; i < scope.parameters.size(); i++) {
                Object parameter = scope.parameters.get(i);
                if (parameter instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setString(i + 1, (String) parameter);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    List<T> records = byTable.computeIfAbsent(rs.getString("table_key"), key -> new ArrayList<>());
                    T found = mapper.map(rs);
                    if (found != null) {
                        records.add(found);
                    }
                }
            }
        }
        return byTable;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
