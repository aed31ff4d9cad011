package io.github.jvmpagemap.samples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a minimal class file (version 61, Java 17): a public final class extending
 * java.lang.Object, optionally implementing interfaces, with no fields and with methods whose
 * bytecode the caller puts together through {@link Code}. It knows just enough of the format
 * for the classes that the metaspace and jit scenarios generate, so that the samples need no
 * bytecode library.
 */
final class ClassFileWriter {
    static final int ACC_PUBLIC = 0x0001;
    static final int ACC_STATIC = 0x0008;
    private static final int ACC_FINAL = 0x0010;
    private static final int ACC_SUPER = 0x0020;

    // The opcodes the generated methods use, named as in the JVM specification.
    static final int ICONST_0 = 0x03;
    static final int ILOAD_0 = 0x1a;
    static final int ILOAD_1 = 0x1b;
    static final int ILOAD_2 = 0x1c;
    static final int ISTORE_1 = 0x3c;
    static final int ISTORE_2 = 0x3d;
    static final int DUP = 0x59;
    static final int IADD = 0x60;
    static final int IMUL = 0x68;
    static final int IUSHR = 0x7c;
    static final int IXOR = 0x82;
    static final int IRETURN = 0xac;
    private static final int ALOAD_0 = 0x2a;
    private static final int LDC_W = 0x13;
    private static final int IINC = 0x84;
    private static final int IF_ICMPLT = 0xa1;
    private static final int RETURN = 0xb1;
    private static final int INVOKESPECIAL = 0xb7;

    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_INTEGER = 3;
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_NAME_AND_TYPE = 12;

    private static final int STACK_MAP_APPEND_ONE_LOCAL = 252;
    private static final int VERIFICATION_TYPE_INTEGER = 1;

    private final Bytes constantPool = new Bytes();
    private final Map<String, Integer> constantIndexes = new HashMap<>();
    private int constantCount = 1; // entry 0 does not exist
    private final Bytes methods = new Bytes();
    private int methodCount;
    private final int thisClass;
    private final int superClass;
    private final int[] interfaces;

    /** Class names are binary names, such as {@code java.util.function.IntUnaryOperator}. */
    ClassFileWriter(String className, String... interfaceNames) {
        thisClass = classConstant(className);
        superClass = classConstant("java.lang.Object");
        interfaces = new int[interfaceNames.length];
        for (int i = 0; i < interfaceNames.length; i++) {
            interfaces[i] = classConstant(interfaceNames[i]);
        }
    }

    /** A new, empty method body, whose constants go into this class's constant pool. */
    Code code() {
        return new Code();
    }

    /** A public constructor without arguments that only calls Object's, as javac's default one. */
    void addDefaultConstructor() {
        Code code = code();
        code.op(ALOAD_0).invokeSpecial("java.lang.Object", "<init>", "()V").op(RETURN);
        addMethod(ACC_PUBLIC, "<init>", "()V", 1, 1, code);
    }

    void addMethod(int access, String name, String descriptor, int maxStack, int maxLocals, Code code) {
        Bytes attribute = new Bytes()
                .u2(maxStack)
                .u2(maxLocals)
                .u4(code.bytes.size())
                .append(code.bytes)
                .u2(0); // exception table length
        if (code.loopStart < 0) {
            attribute.u2(0); // attributes of the Code attribute
        } else {
            // The type-checking verifier (mandatory from version 51) needs the locals' types at
            // every branch target: at the loop start, one more int than the parameters.
            attribute.u2(1)
                    .u2(utf8Constant("StackMapTable"))
                    .u4(6)
                    .u2(1) // number of entries
                    .u1(STACK_MAP_APPEND_ONE_LOCAL)
                    .u2(code.loopStart) // the first frame's offset delta is its offset
                    .u1(VERIFICATION_TYPE_INTEGER);
        }
        methods.u2(access)
                .u2(utf8Constant(name))
                .u2(utf8Constant(descriptor))
                .u2(1) // attributes: Code
                .u2(utf8Constant("Code"))
                .u4(attribute.size())
                .append(attribute);
        methodCount++;
    }

    byte[] toByteArray() {
        Bytes classFile = new Bytes()
                .u4(0xCAFEBABE)
                .u2(0) // minor version
                .u2(61) // major version: Java 17
                .u2(constantCount)
                .append(constantPool)
                .u2(ACC_PUBLIC | ACC_FINAL | ACC_SUPER)
                .u2(thisClass)
                .u2(superClass)
                .u2(interfaces.length);
        for (int index : interfaces) {
            classFile.u2(index);
        }
        return classFile
                .u2(0) // fields
                .u2(methodCount)
                .append(methods)
                .u2(0) // attributes
                .toByteArray();
    }

    private int utf8Constant(String text) {
        return constant("Utf8 " + text, entry -> {
            // Modified UTF-8, as class files use, differs from UTF-8 only for NUL and
            // supplementary characters, which the generated names and descriptors do not have.
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            entry.u1(CONSTANT_UTF8).u2(utf8.length).append(utf8);
        });
    }

    private int classConstant(String binaryName) {
        int name = utf8Constant(binaryName.replace('.', '/'));
        return constant("Class " + binaryName, entry -> entry.u1(CONSTANT_CLASS).u2(name));
    }

    private int intConstant(int value) {
        return constant("Integer " + value, entry -> entry.u1(CONSTANT_INTEGER).u4(value));
    }

    private int methodConstant(String owner, String name, String descriptor) {
        int ownerClass = classConstant(owner);
        int nameIndex = utf8Constant(name);
        int descriptorIndex = utf8Constant(descriptor);
        int nameAndType = constant("NameAndType " + name + descriptor,
                entry -> entry.u1(CONSTANT_NAME_AND_TYPE).u2(nameIndex).u2(descriptorIndex));
        return constant("Methodref " + owner + "." + name + descriptor,
                entry -> entry.u1(CONSTANT_METHODREF).u2(ownerClass).u2(nameAndType));
    }

    /** The index of the entry that {@code key} identifies, written by {@code writer} the first time. */
    private int constant(String key, Consumer<Bytes> writer) {
        Integer index = constantIndexes.get(key);
        if (index != null) {
            return index;
        }
        if (constantCount == 0xFFFF) {
            throw new IllegalStateException("constant pool full: more than 65534 entries");
        }
        writer.accept(constantPool);
        constantIndexes.put(key, constantCount);
        return constantCount++;
    }

    /** The bytecode of one method. */
    final class Code {
        private final Bytes bytes = new Bytes();
        private int loopStart = -1;

        Code op(int opcode) {
            bytes.u1(opcode);
            return this;
        }

        /** Pushes an int from the constant pool (ldc_w), adding the constant if it is new. */
        Code pushInt(int value) {
            bytes.u1(LDC_W).u2(intConstant(value));
            return this;
        }

        private Code invokeSpecial(String owner, String name, String descriptor) {
            bytes.u1(INVOKESPECIAL).u2(methodConstant(owner, name, descriptor));
            return this;
        }

        Code iinc(int local, int delta) {
            bytes.u1(IINC).u1(local).u1(delta);
            return this;
        }

        /**
         * Marks the start of the method's one loop, which {@link #loopBackIfLess()} jumps back
         * to. The code before it must have stored exactly one int local, the loop counter, in
         * addition to the parameters, and left the operand stack empty.
         */
        Code loopStart() {
            if (loopStart >= 0) {
                throw new IllegalStateException("only one loop per method is supported");
            }
            loopStart = bytes.size();
            return this;
        }

        /** Jumps back to the loop start if the next-to-top int on the stack is less than the top. */
        Code loopBackIfLess() {
            int offset = loopStart - bytes.size();
            bytes.u1(IF_ICMPLT).u2(offset);
            return this;
        }
    }

    /** Big-endian bytes in memory, as DataOutputStream writes them but without IOExceptions. */
    private static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u1(int value) {
            out.write(value);
            return this;
        }

        Bytes u2(int value) {
            return u1(value >>> 8).u1(value);
        }

        Bytes u4(int value) {
            return u2(value >>> 16).u2(value);
        }

        Bytes append(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes append(Bytes other) {
            return append(other.toByteArray());
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
