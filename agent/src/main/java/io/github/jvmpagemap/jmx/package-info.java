/**
 * A scan's result as MBeans: {@code jvmpagemap:type=Residency} for the whole picture, one
 * {@code jvmpagemap:type=Region} bean per row and sub-row for jconsole and the exporters, in open
 * types only. Uses {@code residency} and {@code rows}.
 */
package io.github.jvmpagemap.jmx;
