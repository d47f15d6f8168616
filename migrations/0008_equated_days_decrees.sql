-- 0008_equated_days_decrees.sql — the published Royal Decree days (Atw art.
-- 3(3)) ship with the schema, and the years a loaded decree covers (issue 11).
--
-- Forward-only: never edited once applied; changes go into a new file.
--
-- Until this migration the table equated_holidays (0003) was shipped empty,
-- so every deadline around a decree day was computed one or more working days
-- too early until an admin typed the day in.  The days below are those of the
-- decrees for 2017–2019, 2023–2025 and 2026–2028 (docs/law.md §3.5).  A
-- database where an admin already entered one of them keeps that row and its
-- reference (ON CONFLICT DO NOTHING).  The rows are inserted directly, not
-- through the API: at migration time there are no open deadlines a new day
-- could move that were computed with it, except on a database that already
-- holds offers; there `wvlv equated-days import` of the same days (a no-op for
-- every day present) is not needed, but an operator who wants the open
-- deadlines around these days checked may compare them with
-- GET /deadline-calculator (docs/law.md §3.5).
--
-- The decree for 2020–2022 is not shipped: its days are not loaded here, so
-- those years stay uncovered and the nightly job reports an open deadline
-- that falls in one of them.

INSERT INTO equated_holidays (date, reference) VALUES
	('2017-04-28', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2017-05-26', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2018-05-11', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2018-12-24', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2018-12-31', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2019-05-31', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2019-12-27', 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'),
	('2023-04-28', 'Koninklijk Besluit gelijkgestelde dagen 2023–2025 (Atw art. 3(3))'),
	('2023-05-19', 'Koninklijk Besluit gelijkgestelde dagen 2023–2025 (Atw art. 3(3))'),
	('2024-05-10', 'Koninklijk Besluit gelijkgestelde dagen 2023–2025 (Atw art. 3(3))'),
	('2024-12-27', 'Koninklijk Besluit gelijkgestelde dagen 2023–2025 (Atw art. 3(3))'),
	('2025-05-30', 'Koninklijk Besluit gelijkgestelde dagen 2023–2025 (Atw art. 3(3))'),
	('2026-01-02', 'Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))'),
	('2026-05-15', 'Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))'),
	('2027-05-07', 'Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))'),
	('2028-04-28', 'Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))'),
	('2028-05-26', 'Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))')
ON CONFLICT (date) DO NOTHING;

-- ---- the years a loaded decree covers ------------------------------------------------
-- A decree equates days for a run of years (usually three).  A year without a
-- row here is one for which no decree has been loaded: the nightly job
-- (`wvlv alerts`, kind decree-missing) reports, once per year and
-- municipality, when an open deadline of that municipality falls in such a
-- year.  A year is covered even when its decree equates no day in it.
-- `wvlv equated-days import FILE.csv` adds the years of the days it loads
-- (or those given with --covers FROM-TO).  National data, like
-- equated_holidays: no municipality_code, no row-level security.
CREATE TABLE equated_decree_years (
	year        int PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
	reference   text NOT NULL CHECK (reference <> ''),
	created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO equated_decree_years (year, reference)
SELECT y, 'Koninklijk Besluit gelijkgestelde dagen 2017–2019, Stcrt. 2016, 58653'
FROM generate_series(2017, 2019) AS y
UNION ALL
SELECT y, 'Koninklijk Besluit gelijkgestelde dagen 2023–2025 (Atw art. 3(3))'
FROM generate_series(2023, 2025) AS y
UNION ALL
SELECT y, 'Koninklijk Besluit gelijkgestelde dagen 2026–2028 (Atw art. 3(3))'
FROM generate_series(2026, 2028) AS y
ON CONFLICT (year) DO NOTHING;

REVOKE ALL ON equated_decree_years FROM PUBLIC;
GRANT SELECT, INSERT ON equated_decree_years TO wvlv_server;

-- ---- the alert of a year without a decree ---------------------------------------------
-- The ledger (0004) learns the kind decree-missing.  Its row: entity_id
-- 0000YYYY-0000-4000-8000-00000000NNNN (the year and the digits of the
-- municipality code, so the key is the same every night), due_date the first
-- day of the year, threshold 0.
ALTER TABLE alert_ledger DROP CONSTRAINT alert_ledger_kind_check;
ALTER TABLE alert_ledger ADD CONSTRAINT alert_ledger_kind_check
	CHECK (kind IN ('response-approaching', 'filing-approaching', 'response-missed',
			'filing-missed', 'designation-ending', 'decree-missing'));
