-- Shop catalogue: categories and the products in them, per user.

CREATE TABLE IF NOT EXISTS categories (
    id SERIAL PRIMARY KEY,
    slug VARCHAR(100) NOT NULL,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    UNIQUE (user_id, slug)
);

CREATE TABLE IF NOT EXISTS products (
    id SERIAL PRIMARY KEY,
    slug VARCHAR(100) NOT NULL,
    name TEXT NOT NULL,
    category_id INTEGER REFERENCES categories(id) ON DELETE CASCADE,
    price NUMERIC(10, 2) DEFAULT 0,
    active BOOLEAN DEFAULT TRUE,
    tags TEXT[],
    attributes JSONB,
    user_id TEXT NOT NULL,
    UNIQUE (user_id, slug)
);
