package dev.dbadapter.schema.internal;

import dev.dbadapter.adapter.postgres.internal.catalog.Catalog;
import dev.dbadapter.adapter.postgres.internal.catalog.Column;
import dev.dbadapter.adapter.postgres.internal.catalog.Constraint;
import dev.dbadapter.adapter.postgres.internal.catalog.Grant;
import dev.dbadapter.adapter.postgres.internal.catalog.Index;
import dev.dbadapter.adapter.postgres.internal.catalog.Policy;
import dev.dbadapter.adapter.postgres.internal.catalog.Sequence;
import dev.dbadapter.adapter.postgres.internal.catalog.Table;
import dev.dbadapter.adapter.postgres.internal.catalog.Trigger;
import dev.dbadapter.internal.Identifiers;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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

    private final Connection connection;
    private final Catalog catalog;
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
        this.catalog = new Catalog(connection);
        this.log = log;
    }

    /**
     * Returns why {@code target} cannot be rebuilt, one line per object that could not be carried
     * over (a dependent view, an inheritance child, a column privilege, ...); empty when it can. Reads
     * only.
     */
    public List<String> refusals(Target target) throws SQLException {
        List<String> reasons = new ArrayList<>();
        Catalog.Scope scope = Catalog.Scope.table(target.quotedName());
        Table table = catalog.tables(scope).get(target.quotedName());
        if (table == null) {
            reasons.add("table " + target.key() + " does not exist");
            return reasons;
        }
        if (table.inheritance()) {
            reasons.add("table " + target.key() + " takes part in inheritance or partitioning");
        }
        for (String object : catalog.blockingDependents(table)) {
            reasons.add(object + " depends on table " + target.key());
        }
        List<Column> columns = of(catalog.columns(scope), target);
        for (Column column : columns) {
            if (column.hasPrivileges()) {
                reasons.add("column privileges on " + target.key() + "." + column.name());
            }
        }
        for (Column column : extraColumns(columns, target)) {
            if (column.identity() != null || column.generated()
                    || (column.defaultExpr() != null && column.defaultExpr().contains("nextval("))) {
                reasons.add("column " + target.key() + "." + column.name()
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
        Catalog.Scope scope = Catalog.Scope.table(target.quotedName());
        Table table = Objects.requireNonNull(catalog.tables(scope).get(target.quotedName()), "table vanished");
        List<Constraint> incomingKeys = of(catalog.incomingForeignKeys(scope), target);
        List<Constraint> constraints = of(catalog.constraints(scope), target);
        List<Index> indexes = of(catalog.indexes(scope), target);
        List<Trigger> triggers = of(catalog.triggers(scope), target);
        List<Sequence> sequences = of(catalog.sequences(scope), target);
        List<Grant> grants = of(catalog.grants(scope), target);
        List<Policy> policies = of(catalog.policies(scope), target);
        List<Column> oldColumns = of(catalog.columns(scope), target);
        boolean hasRows = hasRows(target);

        String quotedSchema = Identifiers.quote(table.schema());
        String oldName = Identifiers.quote(aside(table.name()));
        String oldTable = quotedSchema + "." + oldName;
        execute("ALTER TABLE " + target.quotedName() + " RENAME TO " + oldName);
        // constraint and index names are chosen schema-wide: move the old ones aside as well
        for (Constraint constraint : constraints) {
            execute("ALTER TABLE " + oldTable + " RENAME CONSTRAINT " + Identifiers.quote(constraint.name()) + " TO "
                    + Identifiers.quote(aside(constraint.name())));
        }
        for (Index index : indexes) {
            if (!index.backsConstraint()) {
                execute("ALTER INDEX " + quotedSchema + "." + Identifiers.quote(index.name()) + " RENAME TO "
                        + Identifiers.quote(aside(index.name())));
            }
        }
        for (Sequence sequence : sequences) {
            execute("ALTER SEQUENCE " + sequence.qualifiedName() + " RENAME TO "
                    + Identifiers.quote(aside(sequence.name())));
        }

        execute(target.createSql());
        for (Column column : extraColumns(oldColumns, target)) {
            execute("ALTER TABLE " + target.quotedName() + " ADD COLUMN " + Identifiers.quote(column.name()) + " "
                    + column.type() + (column.collation() == null ? "" : " COLLATE " + column.collation())
                    + (column.defaultExpr() == null ? "" : " DEFAULT " + column.defaultExpr())
                    + (column.notNull() ? " NOT NULL" : ""));
            log.warning("kept column " + target.key() + "." + column.name() + ", which the schema file does not define");
        }
        Set<String> oldNames = oldColumns.stream().map(Column::name).collect(Collectors.toSet());
        List<Column> newColumns = of(catalog.columns(scope), target);
        if (hasRows) {
            for (Column column : newColumns) {
                if (!oldNames.contains(column.name()) && target.columns().contains(column.name())
                        && column.notNull() && !column.hasDefault()) {
                    execute("ALTER TABLE " + target.quotedName() + " ALTER COLUMN " + Identifiers.quote(column.name())
                            + " DROP NOT NULL");
                    log.warning("column " + target.key() + "." + column.name()
                            + " is NOT NULL without a default in the schema file; it was left nullable because the"
                            + " existing rows have no value for it");
                }
            }
        }

        List<String> shared = newColumns.stream().filter(column -> !column.generated()).map(Column::name)
                .filter(oldNames::contains).toList();
        if (!shared.isEmpty()) {
            String columnList = String.join(", ", shared.stream().map(Identifiers::quote).toList());
            execute("INSERT INTO " + target.quotedName() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT "
                    + columnList + " FROM " + oldTable);
        }
        continueSequences(target, scope, sequences);
        carryConstraints(target, of(catalog.constraints(scope), target), constraints);
        for (Index index : indexes) {
            if (!index.backsConstraint()) {
                execute(index.definition());
            }
        }
        for (Trigger trigger : triggers) {
            execute(trigger.definition());
            String state = switch (trigger.enabled()) {
                case 'D' -> "DISABLE TRIGGER ";
                case 'R' -> "ENABLE REPLICA TRIGGER ";
                case 'A' -> "ENABLE ALWAYS TRIGGER ";
                default -> null;
            };
            if (state != null) {
                execute("ALTER TABLE " + target.quotedName() + " " + state + Identifiers.quote(trigger.name()));
            }
        }
        carryAccess(target, table, grants, policies);
        carryComments(target, table, oldColumns);

        for (Constraint key : incomingKeys) {
            String constraint = Identifiers.quote(key.name());
            execute("ALTER TABLE " + key.table() + " DROP CONSTRAINT " + constraint + ", ADD CONSTRAINT "
                    + constraint + " " + key.definition());
        }
        execute("DROP TABLE " + oldTable);
    }

    /** Adds the old table's constraints that the new one lacks; one it defines differently keeps its version. */
    private void carryConstraints(Target target, List<Constraint> created, List<Constraint> old) throws SQLException {
        Set<String> definitions = created.stream().map(Constraint::definition).collect(Collectors.toSet());
        Set<String> names = created.stream().map(Constraint::name).collect(Collectors.toSet());
        boolean hasPrimaryKey = created.stream().anyMatch(constraint -> constraint.type() == 'p');
        for (Constraint constraint : old) {
            if (definitions.contains(constraint.definition())) {
                continue;
            }
            if (names.contains(constraint.name()) || (constraint.type() == 'p' && hasPrimaryKey)) {
                log.warning("constraint " + constraint.name() + " of " + target.key() + " differs from the schema file's;"
                        + " the schema file's version was kept: " + constraint.definition());
                continue;
            }
            execute("ALTER TABLE " + target.quotedName() + " ADD CONSTRAINT " + Identifiers.quote(constraint.name())
                    + " " + constraint.definition());
        }
    }

    private void continueSequences(Target target, Catalog.Scope scope, List<Sequence> oldSequences)
            throws SQLException {
        for (Sequence sequence : of(catalog.sequences(scope), target)) {
            Long oldLast = oldSequences.stream().filter(old -> old.column().equals(sequence.column()))
                    .map(Sequence::lastValue).filter(Objects::nonNull).findFirst().orElse(null);
            execute("SELECT setval(" + quoteLiteral(sequence.qualifiedName()) + ", v) FROM (SELECT "
                    + "greatest((SELECT max(" + Identifiers.quote(sequence.column()) + ")::bigint FROM "
                    + target.quotedName() + "), " + (oldLast == null ? "NULL" : oldLast) + "::bigint) AS v) s"
                    + " WHERE v IS NOT NULL");
        }
    }

    private void carryAccess(Target target, Table table, List<Grant> grants, List<Policy> policies)
            throws SQLException {
        String quoted = target.quotedName();
        if (!table.ownedByCurrentUser()) {
            execute("ALTER TABLE " + quoted + " OWNER TO " + Identifiers.quote(table.owner()));
        }
        for (Grant grant : grants) {
            execute("GRANT " + grant.privilege() + " ON " + quoted + " TO " + grant.grantee()
                    + (grant.grantable() ? " WITH GRANT OPTION" : ""));
        }
        if (table.rowSecurity()) {
            execute("ALTER TABLE " + quoted + " ENABLE ROW LEVEL SECURITY");
        }
        if (table.forceRowSecurity()) {
            execute("ALTER TABLE " + quoted + " FORCE ROW LEVEL SECURITY");
        }
        for (Policy policy : policies) {
            List<String> roles = policy.roles().stream()
                    .map(role -> role.equals("public") ? "PUBLIC" : Identifiers.quote(role)).toList();
            execute("CREATE POLICY " + Identifiers.quote(policy.name()) + " ON " + quoted
                    + " AS " + policy.permissive() + " FOR " + policy.command() + " TO " + String.join(", ", roles)
                    + (policy.using() == null ? "" : " USING (" + policy.using() + ")")
                    + (policy.withCheck() == null ? "" : " WITH CHECK (" + policy.withCheck() + ")"));
        }
    }

    private void carryComments(Target target, Table table, List<Column> columns) throws SQLException {
        if (table.comment() != null) {
            execute("COMMENT ON TABLE " + target.quotedName() + " IS " + quoteLiteral(table.comment()));
        }
        for (Column column : columns) {
            if (column.comment() != null) {
                execute("COMMENT ON COLUMN " + target.quotedName() + "." + Identifiers.quote(column.name())
                        + " IS " + quoteLiteral(column.comment()));
            }
        }
    }

    /** The old table's columns that the schema file does not define, in column order. */
    private static List<Column> extraColumns(List<Column> columns, Target target) {
        return columns.stream().filter(column -> !target.columns().contains(column.name())).toList();
    }

    /** The records of {@code target}'s table in a catalog read of its scope. */
    private static <T> List<T> of(Map<String, List<T>> byTable, Target target) {
        return byTable.getOrDefault(target.quotedName(), List.of());
    }

    private boolean hasRows(Target target) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + target.quotedName() + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private void execute(String sql) throws SQLException {
        log.statement(sql);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
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
