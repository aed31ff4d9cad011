package io.github.jvmpagemap.samples;

import static io.github.jvmpagemap.samples.ClassFileWriter.ACC_PUBLIC;
import static io.github.jvmpagemap.samples.ClassFileWriter.ACC_STATIC;
import static io.github.jvmpagemap.samples.ClassFileWriter.IRETURN;
import static io.github.jvmpagemap.samples.ClassFileWriter.IXOR;

import java.util.ArrayList;
import java.util.List;

/**
 * Lesson 3: metaspace grows in nodes. Class metadata lives outside the Java heap, in metaspace:
 * non-class metaspace is reserved in virtual-space nodes of 64 MiB, and the JVM reserves a new
 * node when the current ones are full. This defines classes until metaspace holds the target
 * amount, which by default takes non-class metaspace past two nodes, then keeps them all
 * reachable and idles, so that nothing is unloaded.
 *
 * <p>What fills non-class metaspace is mostly the methods' bytecode and the constant pools, so
 * each generated class has many methods made of long runs of distinct int constants. Long
 * string constants would not do: their text goes to the symbol table, in native memory outside
 * metaspace.
 */
final class MetaspaceScenario implements Scenario {
    private static final String MIB_PROPERTY = "samples.metaspace.mib";
    private static final int DEFAULT_MIB = 150;
    private static final long MIB = 1 << 20;

    private static final int METHODS_PER_CLASS = 16;
    private static final int CONSTANTS_PER_METHOD = 48;
    private static final int CLASSES_PER_LOADER = 100;
    private static final int CLASSES_PER_PROGRESS_LINE = 2000;

    /** Holds the classes, and through them their loaders, so that none is ever unloaded. */
    private final List<Class<?>> classes = new ArrayList<>();
    private int constantSequence;

    @Override
    public String name() {
        return "metaspace";
    }

    @Override
    public String description() {
        return "defines generated classes until Metaspace use reaches -D" + MIB_PROPERTY + "=" + DEFAULT_MIB
                + " MiB, then idles";
    }

    @Override
    public void run(Deadline deadline) throws InterruptedException {
        long targetBytes = targetBytes();
        while (MemoryPools.usedBytes(MemoryPools.METASPACE) < targetBytes) {
            if (deadline.hasPassed()) {
                return;
            }
            GeneratedClassLoader loader = new GeneratedClassLoader();
            for (int i = 0; i < CLASSES_PER_LOADER; i++) {
                classes.add(defineAndCall(loader, classes.size()));
            }
            if (classes.size() % CLASSES_PER_PROGRESS_LINE == 0) {
                report(classes.size() + " classes defined");
            }
        }
        if (classes.size() % CLASSES_PER_PROGRESS_LINE != 0) {
            report(classes.size() + " classes defined");
        }
        report("ready");
        deadline.sleepUntilPassed();
    }

    private static long targetBytes() {
        int mib = Settings.positiveInt(MIB_PROPERTY, DEFAULT_MIB);
        long maxBytes = MemoryPools.maxBytes(MemoryPools.METASPACE);
        if (maxBytes >= 0 && mib * MIB > maxBytes) {
            throw new BadInputException("-D" + MIB_PROPERTY + "=" + mib + " exceeds the maximum metaspace of "
                    + maxBytes / MIB + " MiB (-XX:MaxMetaspaceSize)");
        }
        return mib * MIB;
    }

    /**
     * Defines a class of static methods {@code int m0()}, {@code int m1()}... each of which
     * returns the xor of its constants, and calls m0 by reflection: that links the class, so the
     * verifier has checked it, and shows that the bytecode does what it should.
     */
    private Class<?> defineAndCall(GeneratedClassLoader loader, int index) {
        String name = GeneratedClassLoader.PACKAGE + ".MetaspaceFiller" + index;
        ClassFileWriter writer = new ClassFileWriter(name);
        int m0Result = 0;
        for (int m = 0; m < METHODS_PER_CLASS; m++) {
            ClassFileWriter.Code code = writer.code();
            int result = 0;
            for (int c = 0; c < CONSTANTS_PER_METHOD; c++) {
                int constant = nextConstant();
                code.pushInt(constant);
                if (c > 0) {
                    code.op(IXOR);
                }
                result ^= constant;
            }
            code.op(IRETURN);
            writer.addMethod(ACC_PUBLIC | ACC_STATIC, "m" + m, "()I", 2, 0, code);
            if (m == 0) {
                m0Result = result;
            }
        }
        Class<?> generated = loader.define(name, writer.toByteArray());
        Object returned;
        try {
            returned = generated.getMethod("m0").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated class " + name + " does not work", e);
        }
        if (!Integer.valueOf(m0Result).equals(returned)) {
            throw new IllegalStateException(name + ".m0() returned " + returned + ", expected " + m0Result);
        }
        return generated;
    }

    /**
     * Constants that never repeat (multiplying by an odd number is a bijection on ints), so no
     * constant pool entry is shared and every method returns its own value.
     */
    private int nextConstant() {
        return constantSequence++ * 0x9E3779B9;
    }
}
