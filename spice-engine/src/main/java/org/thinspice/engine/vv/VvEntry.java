package org.thinspice.engine.vv;

/** One {@code key=value} line: the value as written (still escaped) and its 1-based line number. */
record VvEntry(String key, String raw, int line) {
}
