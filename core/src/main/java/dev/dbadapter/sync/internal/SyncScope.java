package dev.dbadapter.sync.internal;

import dev.dbadapter.backup.BackupException;
import dev.dbadapter.backup.BackupSchema;
import dev.dbadapter.backup.ForeignKey;
import dev.dbadapter.backup.TableDef;
import dev.dbadapter.sync.SyncException;
import dev.dbadapter.sync.SyncOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The tables a sync covers, in the order it writes them, and whether their keys are remapped.
 *
 * @param tables the tables with their slug and user columns (and, on the FK-aware path, key, parent
 *     and references from the backup schema); on the direct path the key is found in the catalog
 * @param schema the backup schema of exactly these tables (FK-aware path), or {@code null} (direct path)
 */
public record SyncScope(List<TableDef> tables, BackupSchema schema) {

    /**
     * Returns the scope of {@code options}: the given tables in the given order, or, with a backup
     * schema, in the schema's order with its columns and references (a user or slug field other than
     * the default replaces the schema's).
     *
     * @throws SyncException when a table is not in the backup schema, or a table's parent is not synced
     */
    public static SyncScope of(SyncOptions options) {
        BackupSchema full = options.backupSchema();
        if (full == null) {
            return new SyncScope(options.tables().stream().map(name -> new TableDef(name, null, options.slugField(),
                    options.userField(), null, List.of())).toList(), null);
        }
        List<TableDef> chosen = new ArrayList<>();
        for (String name : options.tables()) {
            TableDef def = full.table(name).orElseThrow(() -> new SyncException("Table '" + name
                    + "' is not in the backup schema, which lists " + full.tables().stream().map(TableDef::name).toList(),
                    "add it to the backup schema, or sync it without one", null));
            chosen.add(new TableDef(def.name(), def.pk(),
                    pick(options.slugField(), TableDef.DEFAULT_SLUG_FIELD, def.slugField()),
                    pick(options.userField(), TableDef.DEFAULT_USER_FIELD, def.userField()), def.parent(),
                    def.optionalRefs().stream().filter(ref -> options.tables().stream()
                            .anyMatch(table -> full.indexOf(table) == full.indexOf(ref.table()))).toList()));
        }
        chosen.sort(Comparator.comparingInt(def -> full.indexOf(def.name())));
        try {
            return new SyncScope(List.copyOf(chosen), new BackupSchema(chosen));
        } catch (BackupException e) {
            throw new SyncException("Cannot sync " + options.tables() + " along the backup schema: " + e.getMessage(),
                    "sync a table together with its parent table", e);
        }
    }

    /** Returns whether keys are remapped along a backup schema. */
    public boolean fkAware() {
        return schema != null;
    }

    /** Returns whether another synced table's parent or reference points at {@code table}. */
    public boolean referenced(TableDef table) {
        if (schema == null) {
            return false;
        }
        int index = schema.indexOf(table.name());
        for (TableDef def : tables) {
            List<ForeignKey> refs = new ArrayList<>(def.optionalRefs());
            if (def.parent() != null) {
                refs.add(def.parent());
            }
            if (refs.stream().anyMatch(ref -> schema.indexOf(ref.table()) == index)) {
                return true;
            }
        }
        return false;
    }

    private static String pick(String given, String fallback, String fromSchema) {
        return given.equals(fallback) ? fromSchema : given;
    }
}
