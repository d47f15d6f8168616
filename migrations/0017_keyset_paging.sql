-- 0017_keyset_paging.sql — indexes in the order of the sale-notification list, for keyset paging.
--
-- GET /api/v1/sale-notifications lists in the order (received_on, created_at, id) — id, unique,
-- breaks every tie — and a page reached by the `cursor` of a next link starts with the row
-- comparison (received_on, created_at, id) > (the keys of the last item seen).  With these
-- indexes a page is an index range read of limit + 1 rows whatever its depth: the whole
-- register, one municipality, one status (deadlineBefore reads the open statuses), or both.
-- (municipality_code, status, …) replaces sale_notifications_status_idx (municipality_code,
-- status), which is its prefix.
--
-- The designations list is ordered by (created_at, id) and already has the indexes
-- designations_created_idx and designations_municipality_idx (0001); the audit log by id
-- (its primary key, and audit_log_entity_idx for entity and entityId).
--
-- Forward-only: once applied anywhere, this file is never edited.

CREATE INDEX sale_notifications_order_idx
	ON sale_notifications (received_on, created_at, id);
CREATE INDEX sale_notifications_municipality_order_idx
	ON sale_notifications (municipality_code, received_on, created_at, id);
CREATE INDEX sale_notifications_status_order_idx
	ON sale_notifications (status, received_on, created_at, id);
CREATE INDEX sale_notifications_municipality_status_order_idx
	ON sale_notifications (municipality_code, status, received_on, created_at, id);
DROP INDEX sale_notifications_status_idx;
