/**
 * How the integration tests run sample apps: the cases ({@link io.github.jvmpagemap.samples.it.harness.Cases}
 * over {@link io.github.jvmpagemap.samples.it.harness.Jdk}, {@link io.github.jvmpagemap.samples.it.harness.Gc},
 * {@link io.github.jvmpagemap.samples.it.harness.ScanPath} and {@link io.github.jvmpagemap.samples.it.harness.User}),
 * a launch ({@link io.github.jvmpagemap.samples.it.harness.Launch}), the running app and its one JMX
 * connection ({@link io.github.jvmpagemap.samples.it.harness.App}: the agent's beans, the JVM's
 * diagnostic commands), the command line, what the machine must offer
 * ({@link io.github.jvmpagemap.samples.it.harness.Needs}) and the locks of what it shares
 * ({@link io.github.jvmpagemap.samples.it.harness.Locks}). May use the oracles' packages
 * ({@code jvm}, {@code kernel}) and {@code published}; none of them uses it.
 */
package io.github.jvmpagemap.samples.it.harness;
