/**
 * What the agent publishes, read the way a user's tool reads it: the JSON and the MBeans' figures
 * as one {@link io.github.jvmpagemap.samples.it.published.Report}, the printed table, the lines on
 * stderr, JFR recordings (with the JDK's parser and JMC's), an OTLP export, the residency page.
 * Uses nothing of the other test packages.
 */
package io.github.jvmpagemap.samples.it.published;
