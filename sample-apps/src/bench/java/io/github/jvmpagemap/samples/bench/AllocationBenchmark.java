package io.github.jvmpagemap.samples.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What the agent allocates per scan of an idle application: the {@code idle} sample with the agent
 * at {@code interval=100ms} on the JDK and method given, and, after a warm-up, the bytes its thread
 * allocated over windows of about 100 scans, as the JVM counts them ({@code getThreadAllocatedBytes}
 * of {@code java.lang:type=Threading}, read over JMX like the layout discoveries). Between readings
 * it leaves the app alone. After {@code mvn package}, from the repository root:
 *
 * <pre>
 * java sample-apps/src/bench/java/io/github/jvmpagemap/samples/bench/AllocationBenchmark.java \
 *     &lt;java home&gt; &lt;scan|pagemap&gt; [warm-up s] [windows]
 * </pre>
 *
 * A window in which the layout changed (the JIT growing the code cache or its arenas, threads coming
 * or going, the heap split read again) holds that change's allocation too; the smallest windows are
 * the steady scans'.
 */
public final class AllocationBenchmark {
    private static final String AGENT_THREAD = "jvm-pagemap scanner";

    private AllocationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path javaHome = Path.of(args[0]);
        String method = args[1];
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int windows = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        if (method.equals("scan")) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-Xmx256m", "-XX:G1HeapRegionSize=1m",
                "-javaagent:agent/target/jvm-pagemap-agent.jar=interval=100ms,maxCpu=off,method=" + method,
                "-jar", "sample-apps/target/jvm-pagemap-samples.jar", "idle"));
        Process app = new ProcessBuilder(command).redirectOutput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            TimeUnit.SECONDS.sleep(warmUp);
            VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))) {
                measure(connector.getMBeanServerConnection(), javaHome, method, warmUp, windows);
            } finally {
                vm.detach();
            }
        } finally {
            app.destroy();
            app.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void measure(MBeanServerConnection jmx, Path javaHome, String method, int warmUp, int windows)
            throws Exception {
        ObjectName threading = new ObjectName("java.lang:type=Threading");
        ObjectName residency = new ObjectName("jvmpagemap:type=Residency");
        long thread = -1;
        for (long id : (long[]) jmx.getAttribute(threading, "AllThreadIds")) {
            CompositeData info = (CompositeData) jmx.invoke(threading, "getThreadInfo", new Object[] {id},
                    new String[] {long.class.getName()});
            if (info != null && AGENT_THREAD.equals(info.get("threadName"))) {
                thread = id;
            }
        }
        System.out.printf(Locale.ROOT, "%s, method=%s, idle app (G1, -Xmx256m), interval=100ms, after %d s; %s%n",
                javaHome.getFileName(), method, warmUp, ManagementFactory.getOperatingSystemMXBean().getName());
        System.out.printf(Locale.ROOT, "%8s %10s %10s %12s%n", "scans", "bytes", "per scan", "discoveries");
        for (int w = 0; w < windows; w++) {
            long[] before = read(jmx, threading, residency, thread);
            TimeUnit.SECONDS.sleep(12);
            long[] after = read(jmx, threading, residency, thread);
            long scans = after[0] - before[0];
            long bytes = after[1] - before[1];
            System.out.printf(Locale.ROOT, "%8d %10d %10d %7d -> %d%n", scans, bytes, bytes / Math.max(1, scans),
                    before[2], after[2]);
        }
    }

    /** The agent's scan count, its thread's allocated bytes, its layout discoveries. */
    private static long[] read(MBeanServerConnection jmx, ObjectName threading, ObjectName residency, long thread)
            throws Exception {
        long scans = (Long) jmx.getAttribute(residency, "ScanCount");
        long bytes = (Long) jmx.invoke(threading, "getThreadAllocatedBytes", new Object[] {thread},
                new String[] {long.class.getName()});
        int discoveries = (Integer) jmx.getAttribute(residency, "LayoutDiscoveries");
        return new long[] {scans, bytes, discoveries};
    }
}
