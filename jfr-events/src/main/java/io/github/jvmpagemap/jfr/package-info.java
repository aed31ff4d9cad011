/**
 * The agent's JFR events, one small class each, for recordings and their readers; the shipped
 * settings ({@code jvm-pagemap.jfc}) are beside them. Uses {@code rows} (the names in their descriptions).
 */
package io.github.jvmpagemap.jfr;
