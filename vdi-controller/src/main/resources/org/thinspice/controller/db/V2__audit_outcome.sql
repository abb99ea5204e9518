-- "second_factor_required" (22 characters) did not fit the first schema's 16.
ALTER TABLE audit_events ALTER COLUMN outcome SET DATA TYPE VARCHAR(32);
