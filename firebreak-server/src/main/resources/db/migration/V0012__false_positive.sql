-- An incident resolved as a false positive (nothing was wrong: a noisy rule, a flapping probe):
-- `incident resolve --false-positive` or the API's resolve with "false_positive": true set it, and
-- the report's false-positive rate counts it. 0 = no, 1 = yes (an integer on both SQLite and PostgreSQL).
ALTER TABLE incidents ADD COLUMN false_positive INTEGER NOT NULL DEFAULT 0;
