package org.thinspice.engine.agent;

import org.thinspice.engine.SpiceProtocolException;
import org.thinspice.engine.SpiceReason;

import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles vdagent messages from the AGENT_DATA pieces the server forwards: one piece may hold the
 * tail of one message and the head of the next. Sans-I/O and bounded: a header announcing more than
 * {@link #maxMessageSize} or a wrong protocol number is an error, after which the stream is reset.
 */
public final class AgentStreamDecoder {
    private final int maxMessageSize;
    private final byte[] header = new byte[AgentMessage.HEADER_SIZE];
    private int headerFill;
    private int type;
    private long opaque;
    private byte[] data;
    private int dataFill;

    public AgentStreamDecoder(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /** Feeds one AGENT_DATA body; returns the messages it completed. */
    public List<AgentMessage> feed(byte[] buf, int off, int len) throws SpiceProtocolException {
        List<AgentMessage> out = new ArrayList<>(1);
        int end = off + len;
        while (off < end) {
            if (data == null) {
                int n = Math.min(AgentMessage.HEADER_SIZE - headerFill, end - off);
                System.arraycopy(buf, off, header, headerFill, n);
                headerFill += n;
                off += n;
                if (headerFill < AgentMessage.HEADER_SIZE) {
                    break;
                }
                startMessage();
                if (data.length == 0) {
                    out.add(finish());
                }
                continue;
            }
            int n = Math.min(data.length - dataFill, end - off);
            System.arraycopy(buf, off, data, dataFill, n);
            dataFill += n;
            off += n;
            if (dataFill == data.length) {
                out.add(finish());
            }
        }
        return out;
    }

    private void startMessage() throws SpiceProtocolException {
        long protocol = u32(0);
        type = (int) u32(4);
        opaque = u32(8) | u32(12) << 32;
        long size = u32(16);
        headerFill = 0;
        if (protocol != AgentMessage.PROTOCOL) {
            throw new SpiceProtocolException("agent message with protocol " + protocol);
        }
        if (size > maxMessageSize) {
            throw new SpiceProtocolException(SpiceReason.LIMIT_EXCEEDED,
                    "agent message of " + size + " bytes exceeds " + maxMessageSize);
        }
        data = new byte[(int) size];
        dataFill = 0;
    }

    private AgentMessage finish() {
        AgentMessage m = new AgentMessage(type, opaque, data);
        data = null;
        dataFill = 0;
        return m;
    }

    /** Forgets any partial message (after an error, or when the agent reconnects). */
    public void reset() {
        headerFill = 0;
        data = null;
        dataFill = 0;
    }

    private long u32(int at) {
        return (header[at] & 0xFFL) | (header[at + 1] & 0xFFL) << 8 | (header[at + 2] & 0xFFL) << 16
                | (header[at + 3] & 0xFFL) << 24;
    }
}
