package io.github.jvmpagemap.samples.it.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** A test (or every test of a class) that runs only where the machine meets these requirements, else skips saying why. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Needs.Condition.class)
public @interface Needs {
    Requirement[] value();

    /** Skips what needs a requirement this machine does not meet, naming the first such. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<Needs> needs = AnnotationSupport.findAnnotation(context.getElement(), Needs.class);
            return needs.flatMap(n -> Arrays.stream(n.value()).filter(r -> !r.met()).findFirst())
                    .map(r -> ConditionEvaluationResult.disabled(r.reason()))
                    .orElse(ConditionEvaluationResult.enabled("the machine has what the test needs"));
        }
    }
}
