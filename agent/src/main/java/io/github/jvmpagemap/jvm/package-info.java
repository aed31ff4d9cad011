/**
 * The JVM's regions, found from the JVM's own reports (its diagnostic commands and memory pools):
 * the heap and its spaces, split by each collector's region records (G1, Shenandoah, ZGC),
 * metaspace, the compressed class space, the code heaps, the CDS archive, and the collector's side
 * tables it reports. Each report is parsed by a class of its own, and read again only when the
 * pools say its part of the layout may have moved. Uses {@code layout}, {@code proc} and {@code rows}.
 */
package io.github.jvmpagemap.jvm;
