-- Several controllers on one store (issue 18): what one controller kept in its memory moves here, so any
-- controller answers any request the same way.
-- Signed terminal requests seen within the clock-skew window: a nonce replayed to another controller is
-- refused there too. Rows older than twice the skew are swept.
CREATE TABLE terminal_nonces (
  terminal_id VARCHAR(64) NOT NULL,
  nonce VARCHAR(64) NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX terminal_nonces_seen_at ON terminal_nonces (seen_at);
-- USB events a session reported in its current one-minute window (120 a minute per session, counted
-- on every controller together). Finished windows are swept.
CREATE TABLE usb_event_windows (
  session_key VARCHAR(64) PRIMARY KEY,
  window_start BIGINT NOT NULL,
  events INT NOT NULL
);
-- The HTTP request an audit event was recorded for (X-Request-Id, also in the JSON logs); empty for
-- events no request caused.
ALTER TABLE audit_events ADD COLUMN request_id VARCHAR(64);
