/**
 * The integration tests: each launches sample apps with the packaged agent jar, as users run it,
 * and checks what comes out (the MBeans, {@code report}, recordings, stderr) against the kernel's
 * own accounting and the JVM's own reports, read by the tests' own small parsers. Black-box: no
 * class of the agent is on the class path. A test names its cases with {@code harness.Cases}
 * (JDKs, collectors, scan paths, users) and starts its apps through {@code harness.Apps}; tests
 * run concurrently, holding {@code harness.Locks} for what they share with the whole machine.
 */
package io.github.jvmpagemap.samples.it;
