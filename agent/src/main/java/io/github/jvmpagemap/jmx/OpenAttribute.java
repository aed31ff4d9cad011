package io.github.jvmpagemap.jmx;

import java.util.function.Function;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenType;

/**
 * One read-only attribute of a bean: its name, the description jconsole shows (with the unit),
 * its open type and how its value is taken from one scan's figures {@code T}.
 */
record OpenAttribute<T>(String name, String description, OpenType<?> type, Function<T, Object> value) {

    OpenMBeanAttributeInfoSupport info() {
        return new OpenMBeanAttributeInfoSupport(name, description, type, true, false, false);
    }
}
