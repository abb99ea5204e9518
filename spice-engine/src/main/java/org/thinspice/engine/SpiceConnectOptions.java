package org.thinspice.engine;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where and how to connect: the same facts a {@code .vv} file or a {@code spice://} URI carries.
 * Immutable; build with {@link #builder()}.
 */
public final class SpiceConnectOptions {
    private final String host;
    private final int port;
    private final int tlsPort;
    private final String password;
    private final String caPem;
    private final String hostSubject;
    private final String tlsCiphers;
    private final URI proxy;
    private final Set<String> secureChannels;
    private final Set<String> disabledChannels;
    private final Duration connectTimeout;
    private final Duration linkTimeout;
    private final org.thinspice.engine.agent.ClipboardPolicy clipboardPolicy;
    private final ConnectionProfile profile;
    private final java.util.List<org.thinspice.engine.video.VideoCodec> videoCodecs;
    private final org.thinspice.engine.usbredir.UsbredirStreams usbredirStreams;
    private final org.thinspice.engine.smartcard.SmartcardPolicy smartcardPolicy;
    private final org.thinspice.engine.smartcard.SmartcardReaders smartcardReaders;
    private final org.thinspice.engine.usbredir.UsbRedirectSettings usbRedirectSettings;
    private final org.thinspice.engine.audio.AudioSink audioSink;
    private final org.thinspice.engine.audio.AudioSource microphone;
    private final boolean microphoneAllowed;

    private SpiceConnectOptions(Builder b) {
        host = b.host;
        port = b.port;
        tlsPort = b.tlsPort;
        password = b.password;
        caPem = b.caPem;
        hostSubject = b.hostSubject;
        tlsCiphers = b.tlsCiphers;
        proxy = b.proxy;
        secureChannels = Collections.unmodifiableSet(new LinkedHashSet<>(b.secureChannels));
        disabledChannels = Collections.unmodifiableSet(new LinkedHashSet<>(b.disabledChannels));
        connectTimeout = b.connectTimeout;
        linkTimeout = b.linkTimeout;
        clipboardPolicy = b.clipboardPolicy;
        profile = b.profile;
        usbredirStreams = b.usbredirStreams;
        smartcardPolicy = b.smartcardPolicy;
        smartcardReaders = b.smartcardReaders;
        usbRedirectSettings = b.usbRedirectSettings;
        audioSink = b.audioSink;
        microphone = b.microphone;
        microphoneAllowed = b.microphoneAllowed;
        videoCodecs = b.videoCodecs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code spice://host:port?tls-port=N&password=P} (also {@code spice+tls://host:tlsport}).
     */
    public static Builder fromUri(String uri) throws SpiceException {
        URI u;
        try {
            u = new URI(uri);
        } catch (Exception e) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "not a URI: " + uri);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("spice") && !scheme.equals("spice+tls")) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "URI scheme must be spice:// or spice+tls://");
        }
        if (u.getHost() == null) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "URI has no host: " + uri);
        }
        Builder b = builder().host(u.getHost());
        if (u.getPort() > 0) {
            if (scheme.equals("spice+tls")) {
                b.tlsPort(u.getPort());
            } else {
                b.port(u.getPort());
            }
        }
        String q = u.getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                switch (k) {
                    case "port" -> b.port(parsePort(v));
                    case "tls-port" -> b.tlsPort(parsePort(v));
                    case "password" -> b.password(v);
                    default -> { /* unknown query keys are ignored, as spice-gtk does */ }
                }
            }
        }
        if (b.port == 0 && b.tlsPort == 0) {
            throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "URI has no port: " + uri);
        }
        return b;
    }

    private static int parsePort(String v) throws SpiceException {
        try {
            int p = Integer.parseInt(v);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "bad port '" + v + "'");
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int tlsPort() {
        return tlsPort;
    }

    public String password() {
        return password;
    }

    public String caPem() {
        return caPem;
    }

    public String hostSubject() {
        return hostSubject;
    }

    public String tlsCiphers() {
        return tlsCiphers;
    }

    public URI proxy() {
        return proxy;
    }

    public Set<String> secureChannels() {
        return secureChannels;
    }

    public Set<String> disabledChannels() {
        return disabledChannels;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration linkTimeout() {
        return linkTimeout;
    }

    /**
     * The video codecs to ask the server for, most wanted first (PREFERRED_VIDEO_CODEC_TYPE; codecs without a
     * decoder here are left out), or null (the default) for the profile's choice.
     */
    public java.util.List<org.thinspice.engine.video.VideoCodec> videoCodecs() {
        return videoCodecs;
    }

    /** The connection profile ({@code [thinspice] profile=} in a `.vv`); default {@link ConnectionProfile#SERVER}. */
    public ConnectionProfile profile() {
        return profile;
    }

    /** Which way the clipboard may cross ({@code [thinspice] clipboard=} in a `.vv`); default both. */
    public org.thinspice.engine.agent.ClipboardPolicy clipboardPolicy() {
        return clipboardPolicy;
    }

    /** Whether the terminal's card is shared with the desktop ({@code [thinspice] smartcard=}); default none. */
    public org.thinspice.engine.smartcard.SmartcardPolicy smartcardPolicy() {
        return smartcardPolicy;
    }

    /** What serves the smartcard channel, or null: then none is opened whatever the policy says. */
    public org.thinspice.engine.smartcard.SmartcardReaders smartcardReaders() {
        return smartcardReaders;
    }

    /** What serves the usbredir channels the server lists, or null: then none is opened. */
    public org.thinspice.engine.usbredir.UsbredirStreams usbredirStreams() {
        return usbredirStreams;
    }

    /**
     * What the connection file said about USB redirection ({@code enable-usbredir},
     * {@code enable-usb-autoshare}, {@code usb-filter}); {@code UNSAID} when nothing.
     */
    public org.thinspice.engine.usbredir.UsbRedirectSettings usbRedirectSettings() {
        return usbRedirectSettings;
    }

    /** Where playback goes, or null: then no playback channel is opened. */
    public org.thinspice.engine.audio.AudioSink audioSink() {
        return audioSink;
    }

    /** The terminal's microphone, or null: then no record channel is opened. */
    public org.thinspice.engine.audio.AudioSource microphone() {
        return microphone;
    }

    /** Whether the desktop's policy lets the microphone reach it ({@code [thinspice] microphone=}); default yes. */
    public boolean microphoneAllowed() {
        return microphoneAllowed;
    }

    /** Whether the named channel must start on the TLS port. */
    public boolean mustSecure(ChannelType type) {
        if (port <= 0) {
            return true;
        }
        return secureChannels.contains("all") || secureChannels.contains(type.key());
    }

    public boolean isDisabled(ChannelType type) {
        return disabledChannels.contains(type.key()) || disabledChannels.contains("all");
    }

    public static final class Builder {
        private String host;
        private int port;
        private int tlsPort;
        private String password = "";
        private String caPem;
        private String hostSubject;
        private String tlsCiphers;
        private URI proxy;
        private final Set<String> secureChannels = new LinkedHashSet<>();
        private final Set<String> disabledChannels = new LinkedHashSet<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration linkTimeout = Duration.ofSeconds(10);
        private org.thinspice.engine.agent.ClipboardPolicy clipboardPolicy =
                org.thinspice.engine.agent.ClipboardPolicy.BOTH;
        private ConnectionProfile profile = ConnectionProfile.SERVER;
        private org.thinspice.engine.usbredir.UsbredirStreams usbredirStreams;
        private org.thinspice.engine.smartcard.SmartcardPolicy smartcardPolicy =
                org.thinspice.engine.smartcard.SmartcardPolicy.NONE;
        private org.thinspice.engine.smartcard.SmartcardReaders smartcardReaders;
        private org.thinspice.engine.usbredir.UsbRedirectSettings usbRedirectSettings =
                org.thinspice.engine.usbredir.UsbRedirectSettings.UNSAID;
        private org.thinspice.engine.audio.AudioSink audioSink;
        private org.thinspice.engine.audio.AudioSource microphone;
        private boolean microphoneAllowed = true;
        private java.util.List<org.thinspice.engine.video.VideoCodec> videoCodecs;

        /** The video codec order to ask for (see {@link SpiceConnectOptions#videoCodecs()}); null for none. */
        public Builder videoCodecs(java.util.List<org.thinspice.engine.video.VideoCodec> order) {
            this.videoCodecs = order == null ? null : java.util.List.copyOf(order);
            return this;
        }

        /** Opens the server's playback channel, decoding into {@code sink}; null (the default) leaves it closed. */
        public Builder audio(org.thinspice.engine.audio.AudioSink sink) {
            this.audioSink = sink;
            return this;
        }

        /**
         * Opens the server's record channel with {@code source} as the microphone (opened only while the guest
         * records); null (the default) leaves it closed.
         */
        public Builder microphone(org.thinspice.engine.audio.AudioSource source) {
            this.microphone = source;
            return this;
        }

        /** The desktop's microphone policy: when false no record channel is opened, whatever the source. */
        public Builder microphoneAllowed(boolean allowed) {
            this.microphoneAllowed = allowed;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tlsPort(int tlsPort) {
            this.tlsPort = tlsPort;
            return this;
        }

        public Builder password(String password) {
            this.password = password == null ? "" : password;
            return this;
        }

        public Builder caPem(String caPem) {
            this.caPem = caPem;
            return this;
        }

        public Builder hostSubject(String hostSubject) {
            this.hostSubject = hostSubject;
            return this;
        }

        public Builder tlsCiphers(String tlsCiphers) {
            this.tlsCiphers = tlsCiphers;
            return this;
        }

        /** HTTP CONNECT proxy, {@code http://[user:pass@]host:port}; null for a direct connection. */
        public Builder proxy(URI proxy) {
            this.proxy = proxy;
            return this;
        }

        public Builder proxy(String proxy) throws SpiceException {
            if (proxy == null || proxy.isBlank()) {
                this.proxy = null;
                return this;
            }
            try {
                URI u = new URI(proxy.contains("://") ? proxy : "http://" + proxy);
                if (u.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
                this.proxy = u;
            } catch (Exception e) {
                throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "bad proxy '" + proxy + "'");
            }
            return this;
        }

        public Builder secureChannels(Set<String> names) {
            secureChannels.clear();
            names.forEach(n -> secureChannels.add(n.toLowerCase(Locale.ROOT)));
            return this;
        }

        public Builder disabledChannels(Set<String> names) {
            disabledChannels.clear();
            names.forEach(n -> disabledChannels.add(n.toLowerCase(Locale.ROOT)));
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        public Builder linkTimeout(Duration d) {
            this.linkTimeout = d;
            return this;
        }

        public Builder profile(ConnectionProfile profile) {
            this.profile = profile == null ? ConnectionProfile.SERVER : profile;
            return this;
        }

        public Builder clipboardPolicy(org.thinspice.engine.agent.ClipboardPolicy policy) {
            this.clipboardPolicy = policy == null ? org.thinspice.engine.agent.ClipboardPolicy.BOTH : policy;
            return this;
        }

        /**
         * Opens the server's usbredir channels, each served by the stream {@code streams} gives for it
         * (null leaves that channel closed). Without this no usbredir channel is opened.
         */
        public Builder usbredir(org.thinspice.engine.usbredir.UsbredirStreams streams) {
            this.usbredirStreams = streams;
            return this;
        }

        public Builder smartcardPolicy(org.thinspice.engine.smartcard.SmartcardPolicy policy) {
            this.smartcardPolicy = policy == null ? org.thinspice.engine.smartcard.SmartcardPolicy.NONE : policy;
            return this;
        }

        /**
         * Serves the server's smartcard channel with the reader {@code readers} gives for it. The channel opens
         * only when this is set and the policy is {@link org.thinspice.engine.smartcard.SmartcardPolicy#SHARE}.
         */
        public Builder smartcard(org.thinspice.engine.smartcard.SmartcardReaders readers) {
            this.smartcardReaders = readers;
            return this;
        }

        /** The connection file's USB redirection keys (see {@link #usbRedirectSettings()}). */
        public Builder usbRedirectSettings(org.thinspice.engine.usbredir.UsbRedirectSettings settings) {
            this.usbRedirectSettings = settings == null ? org.thinspice.engine.usbredir.UsbRedirectSettings.UNSAID
                    : settings;
            return this;
        }

        /**
         * What the builder holds so far, so that a caller who adds the usbredir streams (device-layer) can
         * follow the file's policy.
         */
        public org.thinspice.engine.usbredir.UsbRedirectSettings usbRedirectSettings() {
            return usbRedirectSettings;
        }

        public SpiceConnectOptions build() throws SpiceException {
            if (host == null || host.isBlank()) {
                throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "no host given");
            }
            if (port <= 0 && tlsPort <= 0) {
                throw new SpiceException(SpiceReason.BAD_CONNECTION_FILE, "neither port nor tls-port given");
            }
            return new SpiceConnectOptions(this);
        }
    }
}
