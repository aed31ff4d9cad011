package io.github.jvmpagemap.samples.it.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The sample apps of one test: those it {@link #start}s are its own and are killed when it ends;
 * a {@link #shared} one serves every test of the class that asks for the same launch, and is
 * killed when the class's last test has ended. A test that shares an app must not disturb it (no
 * collection forced, no snapshot, no option changed): reading its figures, its JVM's reports and
 * the kernel's view of it is what sharing is for. A parameter of a {@link Cases} test.
 */
public final class Apps implements ExtensionContext.Store.CloseableResource {
    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(Apps.class, "shared");

    private final ExtensionContext context;
    private final List<App> started = new ArrayList<>();

    private Apps(ExtensionContext context) {
        this.context = context;
    }

    /** Starts {@code launch}, waiting for its ready line; the app is killed when the test ends. */
    public App start(Launch launch) throws IOException {
        App app = App.start(launch);
        synchronized (started) {
            started.add(app);
        }
        return app;
    }

    /** The app of {@code launch} this test class shares, started by the first test that asks for it. */
    public App shared(Launch launch) {
        ExtensionContext testClass = context;
        while (testClass.getTestMethod().isPresent() && testClass.getParent().isPresent()) {
            testClass = testClass.getParent().get();
        }
        return testClass.getStore(SHARED).getOrComputeIfAbsent(launch, l -> new Shared(start(launch, l)),
                Shared.class).app;
    }

    private static App start(Launch launch, Object key) {
        try {
            return App.start(launch);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + key, e);
        }
    }

    /** Kills the apps the test started, the last first. */
    @Override
    public void close() {
        synchronized (started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    /** An app shared by a test class, killed when the class ends. */
    private record Shared(App app) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            app.close();
        }
    }

    /** Gives each test its {@link Apps}, closed when the test ends. */
    public static final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace OWN = ExtensionContext.Namespace.create(Apps.class, "own");

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Apps.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(OWN).getOrComputeIfAbsent(Apps.class, k -> new Apps(context), Apps.class);
        }
    }
}
