/**
 * What the kernel says about a process, read by the tests themselves as the oracle of the
 * figures: /proc/&lt;pid&gt;/maps, smaps, status, pagemap, and for root kpageflags and kpagecount.
 * Uses nothing of the other test packages.
 */
package io.github.jvmpagemap.samples.it.kernel;
