/**
 * The rows a scan attributes pages to, whoever found them: a row's address ranges, sub-rows, kind
 * and the evidence it was found by ({@link io.github.jvmpagemap.layout.Region}), a scan's whole
 * layout, and the source that refreshes it. Uses {@code proc} and {@code rows}.
 */
package io.github.jvmpagemap.layout;
