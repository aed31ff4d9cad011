/**
 * One scan and its result: reading the maps, refreshing the layout, walking each row's committed
 * mappings through the page table, tallying each row, sub-row and thread-stack group, and what the
 * scan could not read; the figures every publisher shows ({@link io.github.jvmpagemap.residency.Figure}).
 * Uses {@code layout}, {@code proc}, {@code scan} and {@code rows}.
 */
package io.github.jvmpagemap.residency;
