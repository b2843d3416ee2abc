package dev.dbadapter.backup;

/** The three-level backup schema the restore tests share: categories → products → reviews. */
final class ShopSchema {
    /** Reviews also carry an optional reference to a featured category. */
    static final BackupSchema THREE_LEVELS = BackupSchema.of(
            TableDef.of("categories"),
            TableDef.child("products", "categories", "category_id"),
            TableDef.child("reviews", "products", "product_id")
                    .withOptionalRefs(new ForeignKey("categories", "featured_category_id")));

    private ShopSchema() {
    }
}
