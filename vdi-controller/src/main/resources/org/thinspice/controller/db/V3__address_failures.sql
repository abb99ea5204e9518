-- Failed sign-ins per source address (any user names), so spraying passwords over many names from
-- one address is throttled too. The window restarts when its first failure is older than the window.
CREATE TABLE address_failures (
  address VARCHAR(64) PRIMARY KEY,
  failures INT NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);
