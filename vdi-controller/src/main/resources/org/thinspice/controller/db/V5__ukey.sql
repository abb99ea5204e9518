-- UKEY two-factor sign-in (issue 15): enrolled certificates, the per-user / per-group UKEY policy,
-- and challenges kept (marked used) after their answer so a replay is told apart from an unknown id.
CREATE TABLE ukey_certificates (
  fingerprint VARCHAR(64) PRIMARY KEY,
  username VARCHAR(64) NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  certificate VARCHAR(8000) NOT NULL,
  subject VARCHAR(1000) NOT NULL,
  not_after BIGINT NOT NULL,
  enrolled_at BIGINT NOT NULL,
  enrolled_by VARCHAR(64) NOT NULL
);
CREATE TABLE ukey_policies (
  subject_kind VARCHAR(8) NOT NULL,
  subject VARCHAR(64) NOT NULL,
  login VARCHAR(16),
  removal VARCHAR(16),
  self_enrol BOOLEAN,
  PRIMARY KEY (subject_kind, subject)
);
ALTER TABLE login_challenges ADD COLUMN used_at BIGINT;
