"""The SQLite archive: schema and migrations, the two import stages, reads and marks."""
