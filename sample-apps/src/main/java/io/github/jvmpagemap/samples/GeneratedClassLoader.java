package io.github.jvmpagemap.samples;

/**
 * Defines generated classes. Each batch of classes gets a fresh loader, as with frameworks that
 * generate code; the JVM gives each loader its own metaspace arena.
 */
final class GeneratedClassLoader extends ClassLoader {
    /** The package of the generated classes, apart from the samples' own so nothing clashes. */
    static final String PACKAGE = "io.github.jvmpagemap.samples.generated";

    GeneratedClassLoader() {
        super(GeneratedClassLoader.class.getClassLoader());
    }

    Class<?> define(String binaryName, byte[] classFile) {
        return defineClass(binaryName, classFile, 0, classFile.length);
    }
}
