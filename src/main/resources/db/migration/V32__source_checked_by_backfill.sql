-- A backfill compares each mirrored source with the whole source once, at the first month it
-- computes; its later months read only the changes. checked_by names the backfill whose extract
-- last compared the mirror with the whole source (or read it whole); null for a run of its own.
ALTER TABLE staging.source_mirror ADD COLUMN checked_by text;

-- Whether the month's extract compared the mirror with the whole source, or read it whole (false:
-- a later month of a backfill that had compared it); null for extracts recorded before.
ALTER TABLE staging.source_extract ADD COLUMN checked boolean;
