package io.github.jvmpagemap.process;

import io.github.jvmpagemap.rows.RowNames;

/** What a piece of a mapping outside the JVM's regions is, by the process's own evidence: the row it goes to. */
enum MemoryClass {
    JAVA_STACK(RowNames.JAVA_THREADS),
    JVM_STACK(RowNames.JVM_THREADS),
    NATIVE_HEAP(RowNames.NATIVE_HEAP),
    SHARED_LIBRARY(RowNames.SHARED_LIBRARIES),
    JDK_MODULES(RowNames.JDK_MODULES),
    OTHER_FILE(RowNames.OTHER_FILES),
    OTHER_NATIVE(RowNames.OTHER_NATIVE);

    private final String row;

    MemoryClass(String row) {
        this.row = row;
    }

    /** The name of the row (or sub-row) that holds this memory. */
    String row() {
        return row;
    }

    /** The class of a file-backed mapping by its path: a library, the JDK's modules image, another file, or no file on disk. */
    static MemoryClass ofFile(String path) {
        String p = withoutDeleted(path);
        if (p.startsWith("/memfd:") || p.startsWith("/SYSV") || p.startsWith("/dev/zero")) {
            return OTHER_NATIVE;
        }
        if (p.endsWith("/lib/modules")) {
            return JDK_MODULES;
        }
        String file = p.substring(p.lastIndexOf('/') + 1);
        int so = file.indexOf(".so");
        return so > 0 && (so + 3 == file.length() || file.charAt(so + 3) == '.') ? SHARED_LIBRARY : OTHER_FILE;
    }

    /** A mapping's path without the kernel's mark for a file deleted since it was mapped. */
    static String withoutDeleted(String path) {
        return path.endsWith(" (deleted)") ? path.substring(0, path.length() - " (deleted)".length()) : path;
    }
}
