/**
 * The integration tests: each launches sample apps with the packaged agent jar, as users run it,
 * and checks what comes out (the MBeans, {@code report}, recordings, stderr) against the kernel's
 * own accounting and the JVM's own reports, read by the tests' own small parsers. Black-box: no
 * class of the agent is on the class path. A test names its cases with {@code harness.Cases}
 * (JDKs, collectors, scan paths, users) and starts its apps through {@code harness.Apps}; tests
 * run concurrently, holding {@code harness.Locks} for what they share with the whole machine. A
 * test of heaps on the hugetlb pool, say, on each JDK and path, as root and as nobody:
 *
 * <pre>{@code
 * @Cases(paths = {PORTABLE, FAST}, users = {SELF, NOBODY})
 * @Needs(Requirement.ROOT)
 * @ResourceLock(Locks.HUGETLB_POOL)
 * void aHeapOnHugetlbPagesIsCountedAsTheKernelCountsIt(Case c, Apps apps) throws Exception {
 *     App app = apps.start(c.app("idle").agent("interval=1s").jvmArgs("-XX:+UseLargePages", "-Xmx256m"));
 *     SmapsAgreement.Reading reading = SmapsAgreement.untilAgreed(app, SmapsAgreement::mismatches);
 *     assertEquals(List.of(), reading.mismatches(), app::transcript);
 * }
 * }</pre>
 */
package io.github.jvmpagemap.samples.it;
