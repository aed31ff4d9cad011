package io.github.jvmpagemap.samples;

import static io.github.jvmpagemap.samples.ClassFileWriter.ACC_PUBLIC;
import static io.github.jvmpagemap.samples.ClassFileWriter.ACC_STATIC;
import static io.github.jvmpagemap.samples.ClassFileWriter.IADD;
import static io.github.jvmpagemap.samples.ClassFileWriter.ILOAD_0;
import static io.github.jvmpagemap.samples.ClassFileWriter.IRETURN;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Lesson 5: the memory map never rests. For a while (-D{@value #SECONDS_PROPERTY}, 60 s by
 * default) every step changes the mappings the way a busy JVM does: threads start and end (their
 * stacks are mapped and unmapped), the heap grows under a burst of allocation and shrinks again
 * after a full collection (run with a small -Xms), classes are defined, their methods compiled,
 * and the classes unloaded again (metaspace is freed and uncommitted, compiled code flushed from
 * the code cache). Then it settles: one more full collection, "settled", and it idles, so that
 * an observer can compare a quiet process with what was said about it.
 */
final class MapsChurnScenario implements Scenario {
    static final String SECONDS_PROPERTY = "samples.mapschurn.seconds";
    private static final int DEFAULT_SECONDS = 60;
    private static final long STEP_MILLIS = 100;
    private static final int THREADS_PER_STEP = 4;
    private static final int CLASSES_PER_STEP = 8;
    private static final int METHODS_PER_CLASS = 4;
    /** Past the count at which C1 compiles a method (200 calls at tier 3), so it lands in the code cache. */
    private static final int CALLS_PER_METHOD = 2_000;
    private static final int BURST_MIB = 48;
    private static final int STEPS_PER_FULL_GC = 20;
    private static final int STEPS_PER_PROGRESS_LINE = 100;

    private final SplittableRandom random = new SplittableRandom(7);
    private final List<Thread> threads = new ArrayList<>();
    private int classSequence;
    /** Never read: results go here only so that the JIT cannot drop the calls as dead code. */
    private long sink;

    @Override
    public String name() {
        return "maps-churn";
    }

    @Override
    public String description() {
        return "for -D" + SECONDS_PROPERTY + "=" + DEFAULT_SECONDS + " s starts and ends threads, grows and shrinks"
                + " the heap, defines, compiles and unloads classes; then settles and idles";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        long churnNanos = TimeUnit.SECONDS.toNanos(Settings.positiveInt(SECONDS_PROPERTY, DEFAULT_SECONDS));
        long start = System.nanoTime();
        report("running");
        Object[] burst = null;
        for (int step = 1; System.nanoTime() - start < churnNanos && !deadline.hasPassed(); step++) {
            startShortLivedThreads();
            defineCompileAndDrop();
            // Every other step a burst of live arrays, dropped at the next: the heap grows.
            burst = burst == null ? allocate(BURST_MIB) : null;
            if (step % STEPS_PER_FULL_GC == 0) {
                burst = null;
                System.gc(); // unloads the dropped classes, and lets the heap shrink
            }
            if (step % STEPS_PER_PROGRESS_LINE == 0) {
                report(step + " steps");
            }
            Thread.sleep(STEP_MILLIS);
        }
        for (Thread t : threads) {
            t.join();
        }
        threads.clear();
        System.gc();
        report("settled");
        deadline.sleepUntilPassed();
    }

    private void startShortLivedThreads() {
        threads.removeIf(t -> !t.isAlive());
        for (int i = 0; i < THREADS_PER_STEP; i++) {
            long millis = 20 + random.nextInt(300);
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "maps-churn-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Classes in a loader of their own, their methods called until compiled; then nothing holds them. */
    private void defineCompileAndDrop() {
        GeneratedClassLoader loader = new GeneratedClassLoader();
        for (int c = 0; c < CLASSES_PER_STEP; c++) {
            String name = GeneratedClassLoader.PACKAGE + ".Churned" + classSequence++;
            ClassFileWriter writer = new ClassFileWriter(name);
            for (int m = 0; m < METHODS_PER_CLASS; m++) {
                ClassFileWriter.Code code = writer.code();
                code.op(ILOAD_0);
                code.pushInt(classSequence * 31 + m);
                code.op(IADD);
                code.op(IRETURN);
                writer.addMethod(ACC_PUBLIC | ACC_STATIC, "m" + m, "(I)I", 2, 1, code);
            }
            Class<?> generated = loader.define(name, writer.toByteArray());
            try {
                for (int m = 0; m < METHODS_PER_CLASS; m++) {
                    Method method = generated.getMethod("m" + m, int.class);
                    for (int call = 0; call < CALLS_PER_METHOD; call++) {
                        sink += (Integer) method.invoke(null, call);
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("generated class " + name + " does not work", e);
            }
        }
    }

    private static Object[] allocate(int mib) {
        Object[] arrays = new Object[mib];
        for (int i = 0; i < mib; i++) {
            arrays[i] = new byte[1 << 20];
        }
        return arrays;
    }
}
