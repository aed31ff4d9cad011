/**
 * The process's page tables behind one narrow interface ({@link io.github.jvmpagemap.scan.PageTable}):
 * batched reads of {@code /proc/self/pagemap}, the {@code PAGEMAP_SCAN} ioctl in the JDK 22+
 * overlay, the page frames for sharing, and the kernel's ABI in one place. Hands runs of same-state
 * pages to a sink without allocating per page. Uses {@code proc}.
 */
package io.github.jvmpagemap.scan;
