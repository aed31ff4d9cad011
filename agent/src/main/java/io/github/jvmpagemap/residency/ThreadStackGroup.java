package io.github.jvmpagemap.residency;

/**
 * The stacks of the threads whose names differ only in the number they end with
 * ({@code http-nio-8080-exec-#}), as one scan found them.
 *
 * @param group the threads' name with its closing digits collapsed to {@code #}
 * @param threads live threads in the group (0 for stacks glibc keeps after their threads ended)
 * @param residentBytes the group's stack pages in RAM
 * @param swappedBytes the group's stack pages in swap
 */
public record ThreadStackGroup(String group, int threads, long residentBytes, long swappedBytes) {
    /** How many groups are published, the largest by resident bytes: a JVM with 1,000 threads makes no more. */
    public static final int LARGEST = 10;
}
