/**
 * The process categories: everything outside the JVM's regions, sorted into thread stacks, GC
 * structures, native heap, mapped files and other native memory by the process's own evidence (the
 * maps, threads' stack pointers, glibc's headers) and, where NMT is on, by NMT's labels. Uses
 * {@code jvm}, {@code layout}, {@code proc}, {@code scan} and {@code rows}.
 */
package io.github.jvmpagemap.process;
