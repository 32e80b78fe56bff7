-- A digest of what an alert row was last written from (state, times, generator URL, group key,
-- annotations, and the labels of a dedup_key alert), so that ingestion tells a repeat that changes
-- nothing from one that does by reading 16 characters instead of the row's JSON. Rows written
-- before this column have none and are rewritten on their next repeat.
ALTER TABLE alerts ADD COLUMN digest TEXT;
