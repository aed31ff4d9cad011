package io.github.jvmpagemap.jmx;

import io.github.jvmpagemap.residency.ThreadCpu;
import java.util.List;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;

/**
 * A bean of open-typed, read-only attributes taken from one set of figures {@code T}. All the
 * attributes asked for in one {@link #getAttributes} call come from the same figures, so a client
 * reading them together (as jconsole, the Prometheus exporter and our command line do) never mixes
 * two scans, and asks the scanner once.
 */
abstract class ReadOnlyBean<T> implements DynamicMBean {
    private final List<OpenAttribute<T>> attributes;
    private final MBeanInfo info;
    /** Where the CPU a client's call takes is counted against the agent's cap. */
    final ScanFeed feed;

    ReadOnlyBean(ScanFeed feed, String description, List<OpenAttribute<T>> attributes,
            OpenMBeanOperationInfo... operations) {
        this.feed = feed;
        this.attributes = attributes;
        this.info = new OpenMBeanInfoSupport(getClass().getName(), description,
                attributes.stream().map(OpenAttribute::info).toArray(OpenMBeanAttributeInfo[]::new),
                null, operations, null);
    }

    /** The figures the attributes are read from, at most {@code interval} old. */
    abstract T figures();

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        long cpu = ThreadCpu.now();
        try {
            return attribute(name).value().apply(figures());
        } finally {
            feed.source().charge(ThreadCpu.since(cpu));
        }
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        long cpu = ThreadCpu.now();
        try {
            return attributes(names);
        } finally {
            feed.source().charge(ThreadCpu.since(cpu));
        }
    }

    private AttributeList attributes(String[] names) {
        T figures = figures();
        AttributeList list = new AttributeList();
        for (String name : names) {
            for (OpenAttribute<T> a : attributes) {
                if (a.name().equals(name)) {
                    list.add(new Attribute(name, a.value().apply(figures)));
                }
            }
        }
        return list;
    }

    private OpenAttribute<T> attribute(String name) throws AttributeNotFoundException {
        for (OpenAttribute<T> a : attributes) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new AttributeNotFoundException("no attribute " + name);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("attribute " + attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature)
            throws MBeanException, ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(operation), "no operation " + operation);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
