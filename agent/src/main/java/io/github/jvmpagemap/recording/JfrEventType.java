package io.github.jvmpagemap.recording;

import java.util.ArrayList;
import java.util.List;

/**
 * An event type written by a {@link JfrChunkWriter}: its name, label, description, category and
 * fields, in the order its events write them. Every event starts with its start time, which the
 * writer puts in, so {@code startTime} is not among {@link #fields()}.
 */
final class JfrEventType {
    /** The value types a field may have. */
    enum ValueType {
        LONG("long"), STRING("java.lang.String");

        final String className;

        ValueType(String className) {
            this.className = className;
        }
    }

    /**
     * How a value reads: the JDK's {@code jfr} tool and JMC format a field by its content-type
     * annotation (the annotation type itself carries {@code jdk.jfr.ContentType}).
     */
    enum Content {
        PLAIN(null, null), TICKS("jdk.jfr.Timestamp", "TICKS"), BYTES("jdk.jfr.DataAmount", "BYTES"),
        ADDRESS("jdk.jfr.MemoryAddress", null);

        final String annotation;
        final String value;

        Content(String annotation, String value) {
            this.annotation = annotation;
            this.value = value;
        }
    }

    record Field(String name, ValueType type, Content content, String label, String description) {
    }

    private final String name;
    private final String label;
    private final String description;
    private final String category;
    private final List<Field> fields = new ArrayList<>();

    JfrEventType(String name, String label, String description, String category) {
        this.name = name;
        this.label = label;
        this.description = description;
        this.category = category;
    }

    JfrEventType field(String field, ValueType type, Content content, String fieldLabel, String fieldDescription) {
        fields.add(new Field(field, type, content, fieldLabel, fieldDescription));
        return this;
    }

    JfrEventType field(String field, ValueType type, String fieldLabel, String fieldDescription) {
        return field(field, type, Content.PLAIN, fieldLabel, fieldDescription);
    }

    String name() {
        return name;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }

    String category() {
        return category;
    }

    List<Field> fields() {
        return List.copyOf(fields);
    }

    int fieldCount() {
        return fields.size();
    }
}
