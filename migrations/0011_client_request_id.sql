-- 0011: the audit log keeps the server's own request id in request_id (a
-- client can no longer choose it) and, beside it, the X-Request-Id a client
-- sent when it is well-formed (1 to 64 characters of A-Z a-z 0-9 . _ : -,
-- checked by the server); NULL when none was sent, outside HTTP, and in the
-- rows written before this migration (whose request_id may be a client's).
ALTER TABLE audit_log ADD COLUMN client_request_id text
	CHECK (client_request_id ~ '^[A-Za-z0-9._:-]{1,64}$');
GRANT INSERT (client_request_id) ON audit_log TO wvlv_server;
