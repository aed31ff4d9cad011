/**
 * The command line ({@code java -jar jvm-pagemap-agent.jar <command>}): one class per command,
 * loading the agent into a running JVM through the attach API and reading its MBeans over JMX as
 * any client does. Uses {@code agent}, {@code proc}, {@code scan}, {@code residency}, {@code view},
 * {@code jmx} and {@code recording}.
 */
package io.github.jvmpagemap.cli;
