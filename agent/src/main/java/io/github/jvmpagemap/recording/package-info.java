/**
 * A scan's result in JFR: the agent's periodic events, its own recording ({@code recording=}), and
 * page-map snapshot files written by a streaming chunk writer of the project's own, with the private
 * files they need; and recordings read back as a timeline. Uses {@code layout}, {@code proc}, {@code scan},
 * {@code residency}, {@code rows} and {@code jfr}.
 */
package io.github.jvmpagemap.recording;
