/**
 * What the JVM says about its own regions, read from its diagnostic commands' text by the tests'
 * own small parsers (never the agent's): the layout of heap, metaspace, class space, code cache and
 * CDS archive, the collectors' region tables, {@code System.map}. Uses {@code kernel} only.
 */
package io.github.jvmpagemap.samples.it.jvm;
