/**
 * The agent itself: its entry point ({@code -javaagent:} and attach), its options, its one
 * background thread and the scans on it, and the wiring of the publishers to those scans. Thin on
 * purpose: what is measured and how it is shown live in the packages below. Uses {@code proc},
 * {@code scan}, {@code jvm}, {@code process}, {@code residency}, {@code view}, {@code jmx},
 * {@code recording} and {@code rows}.
 */
package io.github.jvmpagemap.agent;
