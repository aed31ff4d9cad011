package io.github.jvmpagemap.proc;

/**
 * Thread names as the kernel keeps them ({@code /proc/<pid>/task/<tid>/comm}): at most
 * {@link #KERNEL_BYTES} bytes of what the thread was named. HotSpot names a Java thread's native
 * thread with the name's modified UTF-8 (a character beyond the BMP as two 3-byte surrogates, as
 * {@code DataOutput.writeUTF} writes it), which a strict UTF-8 decoder rejects, and the kernel cuts
 * it at 15 bytes, possibly inside a character. Names are decoded leniently, and a Java thread's
 * name is cut the same way, so that the two can be compared.
 */
public final class ThreadNames {
    /** The longest name the kernel keeps: TASK_COMM_LEN less the NUL. */
    public static final int KERNEL_BYTES = 15;

    private ThreadNames() {
    }

    /**
     * The name in {@code bytes[0, length)}: UTF-8 and modified UTF-8 alike, an incomplete character
     * at the end (cut by the kernel) left out, any other malformed byte U+FFFD.
     */
    public static String decode(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int b = bytes[i] & 0xff;
            int extra = continuationBytes(b);
            if (extra < 0) {
                out.append('\uFFFD');
                i++;
                continue;
            }
            if (extra > 0 && !complete(bytes, i, extra, length)) {
                if (i + extra >= length && continuationsUpTo(bytes, i + 1, length)) {
                    break; // the kernel cut the name inside this character
                }
                out.append('\uFFFD');
                i++;
                continue;
            }
            int code = extra == 0 ? b : b & (0x3f >> extra);
            for (int k = 1; k <= extra; k++) {
                code = code << 6 | bytes[i + k] & 0x3f;
            }
            out.appendCodePoint(code);
            i += extra + 1;
        }
        return out.toString();
    }

    /**
     * {@code name} as the kernel keeps a native thread HotSpot named so: its modified UTF-8, cut to
     * {@link #KERNEL_BYTES} bytes, read back as {@link #decode} reads it.
     */
    public static String asKernelKeeps(String name) {
        byte[] bytes = new byte[KERNEL_BYTES];
        int n = 0;
        for (int i = 0; i < name.length() && n < KERNEL_BYTES; i++) {
            char c = name.charAt(i);
            if (c != 0 && c < 0x80) {
                bytes[n++] = (byte) c;
            } else if (c < 0x800) {
                n = put(bytes, n, 0xc0 | c >> 6, 0x80 | c & 0x3f);
            } else {
                n = put(bytes, n, 0xe0 | c >> 12, 0x80 | c >> 6 & 0x3f, 0x80 | c & 0x3f);
            }
        }
        return decode(bytes, Math.min(n, KERNEL_BYTES));
    }

    /** Puts what fits of one character's bytes: the kernel cuts inside a character too. */
    private static int put(byte[] into, int at, int... bytes) {
        for (int b : bytes) {
            if (at < into.length) {
                into[at++] = (byte) b;
            }
        }
        return at;
    }

    /** How many continuation bytes follow a lead byte {@code b}, or -1 if it leads nothing. */
    private static int continuationBytes(int b) {
        if (b < 0x80) {
            return 0;
        }
        if (b < 0xc0) {
            return -1;
        }
        return b < 0xe0 ? 1 : b < 0xf0 ? 2 : b < 0xf8 ? 3 : -1;
    }

    /** True if the {@code extra} continuation bytes after {@code bytes[i]} are there. */
    private static boolean complete(byte[] bytes, int i, int extra, int length) {
        if (i + extra >= length) {
            return false;
        }
        for (int k = 1; k <= extra; k++) {
            if ((bytes[i + k] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    /** True if every byte of {@code bytes[from, length)} is a continuation byte. */
    private static boolean continuationsUpTo(byte[] bytes, int from, int length) {
        for (int k = from; k < length; k++) {
            if ((bytes[k] & 0xc0) != 0x80) {
                return false;
            }
        }
        return true;
    }
}
