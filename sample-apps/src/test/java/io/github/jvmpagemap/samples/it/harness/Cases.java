package io.github.jvmpagemap.samples.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A test run once per {@link Case}: each JDK chosen, each collector, each scan path the JDK can
 * take (the fast one only on JDK 22+ with the agent jar's overlay), each user. The test method
 * takes the {@link Case} first and may take {@link Apps} to start sample apps in it, which are
 * stopped when the test ends.
 *
 * <pre>{@code
 * @Cases(collectors = {G1, PARALLEL}, paths = {PORTABLE, FAST})
 * void figuresAgreeWithSmaps(Case c, Apps apps) {
 *     App app = apps.start(c.app("idle").agent("interval=1s").jvmArgs("-Xmx256m"));
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@ArgumentsSource(Cases.Provider.class)
@ExtendWith({Cases.Condition.class, Apps.Resolver.class})
public @interface Cases {
    /** Which of the installed JDKs. */
    Jdks jdks() default Jdks.EVERY;

    /** Only JDKs of this feature release or newer (0: any). */
    int since() default 0;

    /** Which collectors; {@link Gc#DEFAULT} passes no flag. */
    Gc[] collectors() default Gc.DEFAULT;

    /** Which scan paths, each where the JDK can take it. */
    ScanPath[] paths() default ScanPath.AUTO;

    /** Each JDK on one path only: the last of {@link #paths} it can take (the fast one where it has it). */
    boolean onePathPerJdk() default false;

    /** As which users. */
    User[] users() default User.SELF;

    /** A choice among the installed JDKs. */
    enum Jdks {
        EVERY, NEWEST;

        List<Jdk> chosen() {
            return switch (this) {
                case EVERY -> Jdk.installed();
                case NEWEST -> List.of(Jdk.newest());
            };
        }
    }

    /** Every combination the annotation asks for that the JDK can run. */
    final class Provider implements ArgumentsProvider, AnnotationConsumer<Cases> {
        private Cases cases;

        @Override
        public void accept(Cases annotation) {
            cases = annotation;
        }

        @Override
        public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
            return of(cases).stream().map(Arguments::of);
        }

        static List<Case> of(Cases cases) {
            List<Case> all = new ArrayList<>();
            for (Jdk jdk : cases.jdks().chosen().stream().filter(j -> j.feature() >= cases.since()).toList()) {
                List<ScanPath> paths = Stream.of(cases.paths()).filter(p -> p.runsOn(jdk)).toList();
                if (cases.onePathPerJdk() && !paths.isEmpty()) {
                    paths = List.of(paths.get(paths.size() - 1));
                }
                for (Gc gc : cases.collectors()) {
                    for (ScanPath path : paths) {
                        for (User user : cases.users()) {
                            all.add(new Case(jdk, gc, path, user));
                        }
                    }
                }
            }
            return all;
        }
    }

    /** Skips, saying why, a test none of whose cases any installed JDK can run, as a test that cannot run here is. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Cases cases = AnnotationSupport.findAnnotation(context.getElement(), Cases.class).orElseThrow();
            if (!Provider.of(cases).isEmpty()) {
                return ConditionEvaluationResult.enabled("an installed JDK runs the cases");
            }
            String needs = cases.since() > 0 ? "JDK " + cases.since() + " or newer" : "";
            if (Stream.of(cases.paths()).allMatch(p -> p == ScanPath.FAST)) {
                needs += (needs.isEmpty() ? "" : ", and ") + "the fast path (JDK 22+ and an agent jar built with"
                        + " JDK 22+, which carries the FFM overlay)";
            }
            return ConditionEvaluationResult.disabled("needs " + (needs.isEmpty() ? "a JDK these cases name" : needs)
                    + "; the JDKs here: " + Jdk.installed());
        }
    }
}
