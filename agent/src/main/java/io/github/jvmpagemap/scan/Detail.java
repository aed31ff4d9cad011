package io.github.jvmpagemap.scan;

import java.util.Locale;

/** How closely pages are examined: the {@code detail} option. */
public enum Detail {
    /** {@link #FULL} where this process may read page frames, otherwise {@link #BASIC}. */
    AUTO,
    /** What any process can see of its own page tables. */
    BASIC,
    /** Also the page frames behind present pages (kpageflags, kpagecount; CAP_SYS_ADMIN). */
    FULL;

    /** The name users type and read: {@code auto}, {@code basic}, {@code full}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
