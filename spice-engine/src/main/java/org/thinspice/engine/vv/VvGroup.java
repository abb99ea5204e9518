package org.thinspice.engine.vv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code [group]} with its entries in file order; {@code line} is the header's line number. */
record VvGroup(String name, int line, Map<String, VvEntry> entries) {
    VvGroup {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
