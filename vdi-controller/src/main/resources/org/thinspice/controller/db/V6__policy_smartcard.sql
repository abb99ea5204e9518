-- Sharing the terminal's smartcard with the desktop (SPICE smartcard channel, .vv [thinspice] smartcard=share)
-- is a policy switch of its own. Off for every existing policy: a card goes into a desktop only when asked for.
ALTER TABLE policies ADD COLUMN smartcard_share BOOLEAN DEFAULT FALSE NOT NULL;
