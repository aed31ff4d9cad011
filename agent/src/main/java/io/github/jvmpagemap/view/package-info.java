/**
 * A scan's result as people and scripts read it: the table, the JSON of {@code report --json}, the
 * self-contained residency page, and text the application chose made harmless for a terminal. Uses
 * {@code layout}, {@code scan}, {@code residency}, {@code recording} and {@code rows}.
 */
package io.github.jvmpagemap.view;
