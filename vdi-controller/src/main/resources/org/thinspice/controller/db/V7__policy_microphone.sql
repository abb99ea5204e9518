-- Whether the terminal's microphone may reach the desktop (SPICE record channel, .vv [thinspice]
-- microphone=allow|deny) is a policy switch of its own. Allowed for every existing policy, as before.
ALTER TABLE policies ADD COLUMN microphone BOOLEAN DEFAULT TRUE NOT NULL;
