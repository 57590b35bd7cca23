"""Storage: the SQLite file, its schema versions, and the repository that reads and writes it."""
