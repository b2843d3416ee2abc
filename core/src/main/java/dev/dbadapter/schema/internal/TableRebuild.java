package dev.dbadapter.schema.internal;

import dev.dbadapter.adapter.postgres.internal.ValueCodec;
import dev.dbadapter.internal.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rebuilds one table from its {@code CREATE TABLE} text inside the caller's transaction, keeping what
 * the text does not say: rows, extra columns, other indexes and constraints, triggers, grants, owner,
 * comments, row-level security and policies, incoming foreign keys and sequence positions.
 *
 * <p>The old table is first moved aside (table, constraints, indexes and owned sequences renamed), so the
 * {@code CREATE TABLE} text runs verbatim under the real name and its explicit constraint names cannot
 * clash. Definitions of what is carried over are read before the move, so they name the real table
 * and apply to the new one as they are. The old table is dropped without {@code CASCADE}: anything
 * unforeseen still depending on it fails the transaction instead of being dropped.
 */
public final class TableRebuild {
    private static final String ASIDE_SUFFIX = "_dbfix_old";

    private static final String BLOCKING_DEPENDENTS = """
            SELECT DISTINCT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN
                     (SELECT CASE v.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
                             ELSE 'rule on ' END || v.oid::regclass::text
                      FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class WHERE r.oid = d.objid)
                   ELSE pg_describe_object(d.classid, d.objid, d.objsubid) END AS object
            FROM pg_depend d
            WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = ?::oid)
                   OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = ?::oid))
              AND d.deptype IN ('n', 'a')
              AND NOT (d.classid = 'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM pg_constraint c
                       WHERE c.oid = d.objid AND (c.conrelid = ?::oid OR c.confrelid = ?::oid)))
              AND NOT (d.classid = 'pg_attrdef'::regclass AND EXISTS (SELECT 1 FROM pg_attrdef a
                       WHERE a.oid = d.objid AND a.adrelid = ?::oid))
              AND NOT (d.classid = 'pg_policy'::regclass AND EXISTS (SELECT 1 FROM pg_policy p
                       WHERE p.oid = d.objid AND p.polrelid = ?::oid))
              AND NOT (d.classid = 'pg_trigger'::regclass AND EXISTS (SELECT 1 FROM pg_trigger t
                       WHERE t.oid = d.objid AND (t.tgrelid = ?::oid OR t.tgisinternal)))
              AND NOT (d.classid = 'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_class o
                       WHERE o.oid = d.objid AND (o.relkind = 'S' OR (o.relkind = 'i'
                             AND EXISTS (SELECT 1 FROM pg_index x WHERE x.indexrelid = o.oid AND x.indrelid = ?::oid)))))
            ORDER BY 1
            """;

    private final Connection connection;
    private final DdlLog log;

    /** Where the rebuild records the statements it runs and the warnings it has. */
    public interface DdlLog {
        /** Records a statement just before it runs. */
        void statement(String sql);

        /** Records a warning for the user. */
        void warning(String message);
    }

    /**
     * A table to rebuild.
     *
     * @param key the table key, for messages
     * @param quotedName the table name as SQL ({@code "products"} or {@code "audit"."log"})
     * @param columns the columns the {@code CREATE TABLE} text defines
     * @param createSql the {@code CREATE TABLE} text
     */
    public record Target(String key, String quotedName, Set<String> columns, String createSql) {
    }

    /** Creates a rebuilder working on {@code connection} (inside the caller's transaction). */
    public TableRebuild(Connection connection, DdlLog log) {
        this.connection = connection;
        this.log = log;
    }

    /**
     * Returns why {@code target} cannot be rebuilt, one line per object that could not be carried
     * over (a dependent view, an inheritance child, a column privilege, ...); empty when it can. Reads
     * only.
     */
    public List<String> refusals(Target target) throws SQLException {
        List<String> reasons = new ArrayList<>();
        Map<String, Object> table = table(target);
        if (table == null) {
            reasons.add("table " + target.key() + " does not exist");
            return reasons;
        }
        long oid = ((Number) table.get("oid")).longValue();
        long type = ((Number) table.get("reltype")).longValue();
        if ((Boolean) table.get("inherits")) {
            reasons.add("table " + target.key() + " takes part in inheritance or partitioning");
        }
        for (Map<String, Object> row : rows(BLOCKING_DEPENDENTS, oid, type, oid, oid, oid, oid, oid, oid)) {
            reasons.add(row.get("object") + " depends on table " + target.key());
        }
        for (Map<String, Object> row : rows("""
                SELECT attname FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped
                  AND attacl IS NOT NULL ORDER BY attnum""", oid)) {
            reasons.add("column privileges on " + target.key() + "." + row.get("attname"));
        }
        for (Map<String, Object> column : extraColumns(oid, target)) {
            String defaultValue = (String) column.get("default_value");
            if (!"".equals(column.get("attidentity")) || !"".equals(column.get("attgenerated"))
                    || (defaultValue != null && defaultValue.contains("nextval("))) {
                reasons.add("column " + target.key() + "." + column.get("attname")
                        + " (identity, generated or sequence-backed) is not in the schema file");
            }
        }
        return reasons;
    }

    /**
     * Rebuilds {@code target}. Call {@link #refusals} first: this assumes the table can be rebuilt.
     *
     * @throws SQLException when a statement fails; the caller's transaction must then roll back
     */
    public void rebuild(Target target) throws SQLException {
        Map<String, Object> table = Objects.requireNonNull(table(target), "table vanished");
        long oid = ((Number) table.get("oid")).longValue();
        String schema = (String) table.get("nspname");
        String name = (String) table.get("relname");

        List<Map<String, Object>> incomingKeys = rows("""
                SELECT conname, conrelid::regclass::text AS owner, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE contype = 'f' AND confrelid = ?::oid AND conrelid <> ?::oid
                ORDER BY conrelid::regclass::text, conname""", oid, oid);
        List<Map<String, Object>> constraints = rows("""
                SELECT conname, contype, pg_get_constraintdef(oid) AS definition
                FROM pg_constraint WHERE conrelid = ?::oid ORDER BY conname""", oid);
        List<Map<String, Object>> indexes = rows("""
                SELECT i.relname, pg_get_indexdef(x.indexrelid) AS definition,
                       EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = ?::oid
                               AND c.contype IN ('p', 'u', 'x')) AS backs_constraint
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                WHERE x.indrelid = ?::oid ORDER BY i.relname""", oid, oid);
        List<Map<String, Object>> triggers = rows("""
                SELECT tgname, tgenabled::text AS enabled, pg_get_triggerdef(oid) AS definition
                FROM pg_trigger WHERE tgrelid = ?::oid AND NOT tgisinternal ORDER BY tgname""", oid);
        List<Map<String, Object>> sequences = rows("""
                SELECT a.attname, s.relname AS sequence, s.oid::regclass::text AS qualified,
                       pg_sequence_last_value(s.oid) AS last_value
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = ?::oid AND d.deptype IN ('a', 'i')""", oid);
        List<Map<String, Object>> grants = rows("""
                SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee,
                       a.privilege_type, a.is_grantable
                FROM pg_class c, aclexplode(c.relacl) a
                WHERE c.oid = ?::oid AND a.grantee <> c.relowner ORDER BY 1, 2""", oid);
        Map<String, Object> settings = rows("""
                SELECT pg_get_userbyid(relowner) AS owner, pg_get_userbyid(relowner) = current_user AS own,
                       relrowsecurity, relforcerowsecurity, obj_description(oid, 'pg_class') AS comment,
                       EXISTS (SELECT 1 FROM %s LIMIT 1) AS has_rows
                FROM pg_class WHERE oid = ?::oid""".formatted(target.quotedName()), oid).getFirst();
        List<Map<String, Object>> columnComments = rows("""
                SELECT attname, col_description(attrelid, attnum) AS comment FROM pg_attribute
                WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped
                  AND col_description(attrelid, attnum) IS NOT NULL ORDER BY attnum""", oid);
        List<Map<String, Object>> policies = rows("""
                SELECT policyname, permissive, cmd, roles::text[] AS roles, qual, with_check
                FROM pg_policies WHERE schemaname = ? AND tablename = ? ORDER BY policyname""", schema, name);
        List<Map<String, Object>> extraColumns = extraColumns(oid, target);
        List<String> oldColumns = rows("""
                SELECT attname FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped
                ORDER BY attnum""", oid).stream().map(row -> (String) row.get("attname")).toList();

        String quotedSchema = Identifiers.quote(schema);
        String oldName = Identifiers.quote(aside(name));
        String oldTable = quotedSchema + "." + oldName;
        execute("ALTER TABLE " + target.quotedName() + " RENAME TO " + oldName);
        // constraint and index names are chosen schema-wide: move the old ones aside as well
        for (Map<String, Object> constraint : constraints) {
            String constraintName = (String) constraint.get("conname");
            execute("ALTER TABLE " + oldTable + " RENAME CONSTRAINT " + Identifiers.quote(constraintName) + " TO "
                    + Identifiers.quote(aside(constraintName)));
        }
        for (Map<String, Object> index : indexes) {
            if (Boolean.TRUE.equals(index.get("backs_constraint"))) {
                continue;
            }
            String indexName = (String) index.get("relname");
            execute("ALTER INDEX " + quotedSchema + "." + Identifiers.quote(indexName) + " RENAME TO "
                    + Identifiers.quote(aside(indexName)));
        }
        for (Map<String, Object> sequence : sequences) {
            String sequenceName = (String) sequence.get("sequence");
            execute("ALTER SEQUENCE " + sequence.get("qualified") + " RENAME TO "
                    + Identifiers.quote(aside(sequenceName)));
        }

        execute(target.createSql());
        for (Map<String, Object> column : extraColumns) {
            String definition = Identifiers.quote((String) column.get("attname")) + " " + column.get("data_type")
                    + (column.get("collation") == null ? "" : " COLLATE " + column.get("collation"))
                    + (column.get("default_value") == null ? "" : " DEFAULT " + column.get("default_value"))
                    + (Boolean.TRUE.equals(column.get("attnotnull")) ? " NOT NULL" : "");
            execute("ALTER TABLE " + target.quotedName() + " ADD COLUMN " + definition);
            log.warning("kept column " + target.key() + "." + column.get("attname") + ", which the schema file does not define");
        }
        Set<String> newOnly = new LinkedHashSet<>(target.columns());
        newOnly.removeAll(oldColumns);
        if (Boolean.TRUE.equals(settings.get("has_rows")) && !newOnly.isEmpty()) {
            for (Map<String, Object> column : rows("""
                    SELECT attname FROM pg_attribute
                    WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attnotnull
                      AND NOT atthasdef AND attidentity = '' AND attname = ANY (?)""",
                    target.quotedName(), newOnly.toArray(String[]::new))) {
                execute("ALTER TABLE " + target.quotedName() + " ALTER COLUMN "
                        + Identifiers.quote((String) column.get("attname")) + " DROP NOT NULL");
                log.warning("column " + target.key() + "." + column.get("attname")
                        + " is NOT NULL without a default in the schema file; it was left nullable because the"
                        + " existing rows have no value for it");
            }
        }

        Set<String> oldColumnSet = new HashSet<>(oldColumns);
        List<String> shared = rows("""
                SELECT attname FROM pg_attribute
                WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
                ORDER BY attnum""", target.quotedName()).stream()
                .map(row -> (String) row.get("attname")).filter(oldColumnSet::contains).toList();
        if (!shared.isEmpty()) {
            String columnList = String.join(", ", shared.stream().map(Identifiers::quote).toList());
            execute("INSERT INTO " + target.quotedName() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT "
                    + columnList + " FROM " + oldTable);
        }
        continueSequences(target, sequences);

        List<String> newConstraintDefinitions = rows("""
                SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = ?::regclass""",
                target.quotedName()).stream().map(row -> (String) row.get("definition")).toList();
        Set<String> newConstraintNames = new HashSet<>(rows(
                "SELECT conname FROM pg_constraint WHERE conrelid = ?::regclass", target.quotedName()).stream()
                .map(row -> (String) row.get("conname")).toList());
        boolean newHasPrimaryKey = !rows("SELECT 1 FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'p'",
                target.quotedName()).isEmpty();
        for (Map<String, Object> constraint : constraints) {
            String definition = (String) constraint.get("definition");
            String constraintName = (String) constraint.get("conname");
            if (newConstraintDefinitions.contains(definition)) {
                continue;
            }
            if (newConstraintNames.contains(constraintName) || ("p".equals(constraint.get("contype")) && newHasPrimaryKey)) {
                log.warning("constraint " + constraintName + " of " + target.key() + " differs from the schema file's;"
                        + " the schema file's version was kept: " + definition);
                continue;
            }
            execute("ALTER TABLE " + target.quotedName() + " ADD CONSTRAINT " + Identifiers.quote(constraintName)
                    + " " + definition);
        }
        for (Map<String, Object> index : indexes) {
            if (!Boolean.TRUE.equals(index.get("backs_constraint"))) {
                execute((String) index.get("definition"));
            }
        }
        for (Map<String, Object> trigger : triggers) {
            execute((String) trigger.get("definition"));
            String state = switch ((String) trigger.get("enabled")) {
                case "D" -> "DISABLE TRIGGER ";
                case "R" -> "ENABLE REPLICA TRIGGER ";
                case "A" -> "ENABLE ALWAYS TRIGGER ";
                default -> null;
            };
            if (state != null) {
                execute("ALTER TABLE " + target.quotedName() + " " + state + Identifiers.quote((String) trigger.get("tgname")));
            }
        }
        carryAccess(target, settings, grants, policies);
        carryComments(target, settings, columnComments);

        for (Map<String, Object> key : incomingKeys) {
            String constraint = Identifiers.quote((String) key.get("conname"));
            execute("ALTER TABLE " + key.get("owner") + " DROP CONSTRAINT " + constraint + ", ADD CONSTRAINT "
                    + constraint + " " + key.get("definition"));
        }
        execute("DROP TABLE " + oldTable);
    }

    private void continueSequences(Target target, List<Map<String, Object>> oldSequences) throws SQLException {
        for (Map<String, Object> sequence : rows("""
                SELECT a.attname, s.oid::regclass::text AS sequence
                FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                  AND d.refobjid = ?::regclass AND d.deptype IN ('a', 'i')""", target.quotedName())) {
            String column = (String) sequence.get("attname");
            Object oldLast = oldSequences.stream().filter(old -> column.equals(old.get("attname")))
                    .map(old -> old.get("last_value")).filter(Objects::nonNull).findFirst().orElse(null);
            String sql = "SELECT setval(" + quoteLiteral((String) sequence.get("sequence")) + ", v) FROM (SELECT "
                    + "greatest((SELECT max(" + Identifiers.quote(column) + ")::bigint FROM " + target.quotedName()
                    + "), " + (oldLast == null ? "NULL" : ((Number) oldLast).longValue()) + "::bigint) AS v) s"
                    + " WHERE v IS NOT NULL";
            execute(sql);
        }
    }

    private void carryAccess(Target target, Map<String, Object> settings, List<Map<String, Object>> grants,
            List<Map<String, Object>> policies) throws SQLException {
        String table = target.quotedName();
        if (!Boolean.TRUE.equals(settings.get("own"))) {
            execute("ALTER TABLE " + table + " OWNER TO " + Identifiers.quote((String) settings.get("owner")));
        }
        for (Map<String, Object> grant : grants) {
            execute("GRANT " + grant.get("privilege_type") + " ON " + table + " TO " + grant.get("grantee")
                    + (Boolean.TRUE.equals(grant.get("is_grantable")) ? " WITH GRANT OPTION" : ""));
        }
        if (Boolean.TRUE.equals(settings.get("relrowsecurity"))) {
            execute("ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY");
        }
        if (Boolean.TRUE.equals(settings.get("relforcerowsecurity"))) {
            execute("ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY");
        }
        for (Map<String, Object> policy : policies) {
            @SuppressWarnings("unchecked")
            List<String> roles = (List<String>) policy.get("roles");
            List<String> quotedRoles = roles.stream()
                    .map(role -> role.equals("public") ? "PUBLIC" : Identifiers.quote(role)).toList();
            execute("CREATE POLICY " + Identifiers.quote((String) policy.get("policyname")) + " ON " + table
                    + " AS " + policy.get("permissive") + " FOR " + policy.get("cmd")
                    + " TO " + String.join(", ", quotedRoles)
                    + (policy.get("qual") == null ? "" : " USING (" + policy.get("qual") + ")")
                    + (policy.get("with_check") == null ? "" : " WITH CHECK (" + policy.get("with_check") + ")"));
        }
    }

    private void carryComments(Target target, Map<String, Object> settings, List<Map<String, Object>> columnComments)
            throws SQLException {
        if (settings.get("comment") != null) {
            execute("COMMENT ON TABLE " + target.quotedName() + " IS " + quoteLiteral((String) settings.get("comment")));
        }
        for (Map<String, Object> comment : columnComments) {
            execute("COMMENT ON COLUMN " + target.quotedName() + "." + Identifiers.quote((String) comment.get("attname"))
                    + " IS " + quoteLiteral((String) comment.get("comment")));
        }
    }

    private Map<String, Object> table(Target target) throws SQLException {
        List<Map<String, Object>> found = rows("""
                SELECT c.oid::bigint AS oid, c.reltype::bigint AS reltype, n.nspname, c.relname,
                       c.relkind IN ('p') OR c.relispartition
                         OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid) AS inherits
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p')""", target.quotedName());
        return found.isEmpty() ? null : found.getFirst();
    }

    private List<Map<String, Object>> extraColumns(long oid, Target target) throws SQLException {
        return rows("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS data_type, a.attnotnull,
                       a.attidentity::text AS attidentity, a.attgenerated::text AS attgenerated,
                       pg_get_expr(d.adbin, d.adrelid) AS default_value,
                       CASE WHEN a.attcollation <> t.typcollation THEN
                         (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname) FROM pg_collation co
                          JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped AND NOT (a.attname = ANY (?))
                ORDER BY a.attnum""", oid, target.columns().toArray(String[]::new));
    }

    private void execute(String sql) throws SQLException {
        log.statement(sql);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<Map<String, Object>> rows(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object param = params[i];
                if (param instanceof String[] array) {
                    statement.setArray(i + 1, connection.createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, param);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                return ValueCodec.readAll(rs);
            }
        }
    }

    /** Returns {@code name} with the aside suffix, shortened to fit PostgreSQL's 63-byte limit. */
    static String aside(String name) {
        String base = name;
        while ((base + ASIDE_SUFFIX).getBytes(StandardCharsets.UTF_8).length > Identifiers.MAX_LENGTH) {
            base = base.substring(0, base.length() - 1);
        }
        return base + ASIDE_SUFFIX;
    }

    private static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
