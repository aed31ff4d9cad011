/**
 * The agent's figures held against the kernel's: one reading loop
 * ({@link io.github.jvmpagemap.samples.it.agreement.Readings}, a scan newer than the last reading,
 * the kernel read around it or right after it while the app is stopped, again until they agree)
 * and the comparisons tests make with it (smaps, the pagemap page for page, sharing). Uses every
 * other test package.
 */
package io.github.jvmpagemap.samples.it.agreement;
