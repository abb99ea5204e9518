-- Automatic USB redirection became a switch of its own (virt-viewer's enable-usb-autoshare). Until now every
-- policy that redirected USB also shared devices automatically, so existing policies keep doing that.
ALTER TABLE policies ADD COLUMN usb_autoshare BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE policies SET usb_autoshare = usb_redirect;
