package io.github.jvmpagemap.samples;

import static io.github.jvmpagemap.samples.ClassFileWriter.ACC_PUBLIC;
import static io.github.jvmpagemap.samples.ClassFileWriter.DUP;
import static io.github.jvmpagemap.samples.ClassFileWriter.IADD;
import static io.github.jvmpagemap.samples.ClassFileWriter.ICONST_0;
import static io.github.jvmpagemap.samples.ClassFileWriter.ILOAD_1;
import static io.github.jvmpagemap.samples.ClassFileWriter.ILOAD_2;
import static io.github.jvmpagemap.samples.ClassFileWriter.IMUL;
import static io.github.jvmpagemap.samples.ClassFileWriter.IRETURN;
import static io.github.jvmpagemap.samples.ClassFileWriter.ISTORE_1;
import static io.github.jvmpagemap.samples.ClassFileWriter.ISTORE_2;
import static io.github.jvmpagemap.samples.ClassFileWriter.IUSHR;
import static io.github.jvmpagemap.samples.ClassFileWriter.IXOR;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Lesson 4: the code cache fills with compiled code. Methods start interpreted; once called
 * often enough, C1 compiles them (into the profiled code heap), and once their profile is
 * ripe, C2 compiles them again (into the non-profiled code heap). This generates distinct
 * methods, calls each until the compilers take it up, and stops once the code cache has grown
 * by the target amount; then it keeps the classes reachable and idles.
 */
final class JitScenario implements Scenario {
    private static final String MIB_PROPERTY = "samples.jit.mib";
    private static final int DEFAULT_MIB = 8;
    private static final long MIB = 1 << 20;

    // Each call runs a short loop, whose back-branches count towards compilation as much as
    // calls do, then a long run of arithmetic, which makes the compiled code large.
    private static final int LOOP_ITERATIONS = 24;
    private static final int ARITHMETIC_STEPS = 64;
    // Well past the count at which C2 takes a method up (5,000 calls, more while its queue is
    // long), and past those below which a queued compilation is dropped as stale once the method
    // is no longer called.
    private static final int CALLS_PER_METHOD = 20_000;
    private static final int CLASSES_PER_LOADER = 50;
    private static final int METHODS_PER_PROGRESS_LINE = 500;

    /** Holds the generated classes, so that neither they nor their compiled code is unloaded. */
    private final List<IntUnaryOperator> warmed = new ArrayList<>();
    private int constantSequence;
    /** Never read: the results go here only so that the JIT cannot drop the calls as dead code. */
    private int sink;

    @Override
    public String name() {
        return "jit";
    }

    @Override
    public String description() {
        return "compiles generated methods until the code cache has grown by -D" + MIB_PROPERTY + "=" + DEFAULT_MIB
                + " MiB, then idles";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        long targetGrowth = targetGrowthBytes();
        long baseline = MemoryPools.usedBytes(MemoryPools.CODE_CACHE);
        while (MemoryPools.usedBytes(MemoryPools.CODE_CACHE) - baseline < targetGrowth) {
            if (deadline.hasPassed()) {
                return;
            }
            GeneratedClassLoader loader = new GeneratedClassLoader();
            for (int i = 0; i < CLASSES_PER_LOADER; i++) {
                IntUnaryOperator method = newMethod(loader, warmed.size());
                for (int call = 0; call < CALLS_PER_METHOD; call++) {
                    sink += method.applyAsInt(call);
                }
                warmed.add(method);
            }
            if (warmed.size() % METHODS_PER_PROGRESS_LINE == 0) {
                report(warmed.size() + " methods warmed");
            }
        }
        if (warmed.size() % METHODS_PER_PROGRESS_LINE != 0) {
            report(warmed.size() + " methods warmed");
        }
        report("ready");
        deadline.sleepUntilPassed();
    }

    private static long targetGrowthBytes() {
        int mib = Settings.positiveInt(MIB_PROPERTY, DEFAULT_MIB);
        long maxBytes = MemoryPools.maxBytes(MemoryPools.CODE_CACHE);
        if (maxBytes >= 0 && mib * MIB > maxBytes) {
            throw new BadInputException("-D" + MIB_PROPERTY + "=" + mib + " exceeds the code cache of "
                    + maxBytes / MIB + " MiB (-XX:ReservedCodeCacheSize)");
        }
        return mib * MIB;
    }

    /**
     * An instance of a new class whose {@code applyAsInt(x)} is, with its own constants:
     * <pre>
     * for (int i = 0; i &lt; LOOP_ITERATIONS; i++) x = x * k + i;
     * for each step: x = x * a + b; x ^= x &gt;&gt;&gt; s;   (unrolled)
     * return x;
     * </pre>
     */
    private IntUnaryOperator newMethod(GeneratedClassLoader loader, int index) {
        String name = GeneratedClassLoader.PACKAGE + ".HotLoop" + index;
        ClassFileWriter writer = new ClassFileWriter(name, IntUnaryOperator.class.getName());
        writer.addDefaultConstructor();
        // Locals: 0 this, 1 x, 2 i.
        ClassFileWriter.Code code = writer.code()
                .op(ICONST_0).op(ISTORE_2)
                .loopStart()
                .op(ILOAD_1).pushInt(nextConstant()).op(IMUL).op(ILOAD_2).op(IADD).op(ISTORE_1)
                .iinc(2, 1)
                .op(ILOAD_2).pushInt(LOOP_ITERATIONS).loopBackIfLess()
                .op(ILOAD_1);
        for (int step = 0; step < ARITHMETIC_STEPS; step++) {
            code.pushInt(nextConstant()).op(IMUL).pushInt(nextConstant()).op(IADD)
                    .op(DUP).pushInt(1 + step % 31).op(IUSHR).op(IXOR);
        }
        code.op(IRETURN);
        writer.addMethod(ACC_PUBLIC, "applyAsInt", "(I)I", 3, 3, code);
        try {
            return (IntUnaryOperator) loader.define(name, writer.toByteArray()).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated class " + name + " does not work", e);
        }
    }

    /**
     * Constants that differ from one method to the next, so that no two compute the same thing;
     * odd, so that multiplying by them loses no bits.
     */
    private int nextConstant() {
        return (constantSequence++ * 0x9E3779B9) | 1;
    }
}
