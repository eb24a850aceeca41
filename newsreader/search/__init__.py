"""Searching the archive: the query language, FTS5 expressions, ranking, snippets."""
