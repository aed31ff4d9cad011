package io.github.jvmpagemap.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a .jfr file as it goes: one chunk whose events pass through a buffer of fixed size to
 * the file, followed by an empty constant pool and the metadata that describes the event types,
 * and then the chunk header, written last. Memory does not grow with the number of events, and
 * writing an event allocates nothing: values go into a reused buffer, strings are encoded there
 * character by character. The format is the one the JDK's parser and JMC's read: version 2.0,
 * every integer compressed (7 bits a byte, the ninth byte whole), strings inline as UTF-8.
 *
 * <p>Use from one thread: {@link #begin} an event, put its values in the order of its type's
 * fields, {@link #end()} it; {@link #finish()} once at the end. A file not finished has a header
 * that no parser accepts.
 */
final class JfrChunkWriter {
    private static final int HEADER_SIZE = 68;
    private static final short MAJOR_VERSION = 2;
    private static final short MINOR_VERSION = 0;
    /** Compressed integers (bit 0) in the chunk's last chunk of its file (bit 1). */
    private static final int FEATURES = 1 | 2;
    private static final long METADATA_TYPE_ID = 0;
    private static final long CHECKPOINT_TYPE_ID = 1;
    /** Event types are numbered from here; the other types the metadata declares after them. */
    private static final long FIRST_EVENT_TYPE_ID = 100;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final byte STRING_NULL = 0;
    private static final byte STRING_EMPTY = 1;
    private static final byte STRING_UTF8 = 3;
    private static final String ANNOTATION = "java.lang.annotation.Annotation";
    private static final String CONTENT_TYPE = "jdk.jfr.ContentType";
    private static final String LABEL = "jdk.jfr.Label";
    private static final String DESCRIPTION = "jdk.jfr.Description";
    private static final String CATEGORY = "jdk.jfr.Category";

    private final FileChannel out;
    private final List<JfrEventType> types;
    private final Map<JfrEventType, Long> typeIds = new IdentityHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private final Values event = new Values();
    private final long startTicks = System.nanoTime();
    private final long startNanos = System.currentTimeMillis() * 1_000_000L;
    private long written;
    private JfrEventType current;

    JfrChunkWriter(FileChannel out, List<JfrEventType> types) throws IOException {
        this.out = out;
        this.types = List.copyOf(types);
        for (int i = 0; i < this.types.size(); i++) {
            typeIds.put(this.types.get(i), FIRST_EVENT_TYPE_ID + i);
        }
        // The header is written at the end; until then the file does not parse.
        buffer.put(new byte[HEADER_SIZE]);
    }

    /** Starts an event of {@code type} (one of this writer's), its start time now. */
    Values begin(JfrEventType type) {
        Long id = typeIds.get(type);
        if (id == null || current != null) {
            throw new IllegalStateException(id == null ? "not a type of this file: " + type.name()
                    : "an event of " + current.name() + " is not ended");
        }
        current = type;
        event.reset();
        event.putLong(id);
        event.putLong(System.nanoTime());
        event.fields = 0;
        return event;
    }

    /** Ends the event begun last, writing it. */
    void end() throws IOException {
        if (current == null || event.fields != current.fieldCount()) {
            throw new IllegalStateException(current == null ? "no event begun"
                    : current.name() + " has " + current.fieldCount() + " fields, " + event.fields + " given");
        }
        current = null;
        writeSized(event.bytes, event.length);
    }

    /** Writes the constant pool and the metadata, then the header; the file is then complete. */
    void finish() throws IOException {
        long duration = System.nanoTime() - startTicks;
        long checkpoint = position();
        Values pool = new Values();
        pool.putLong(CHECKPOINT_TYPE_ID).putLong(startTicks).putLong(duration).putLong(0); // no next pool
        pool.putByte((byte) 1).putLong(0); // a flush checkpoint with no pools
        writeSized(pool.bytes, pool.length);
        long metadata = position();
        Values meta = metadata(duration);
        writeSized(meta.bytes, meta.length);
        drain();
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        header.put((byte) 'F').put((byte) 'L').put((byte) 'R').put((byte) 0);
        header.putShort(MAJOR_VERSION).putShort(MINOR_VERSION);
        header.putLong(written).putLong(checkpoint).putLong(metadata);
        header.putLong(startNanos).putLong(duration).putLong(startTicks).putLong(1_000_000_000L);
        header.putInt(FEATURES);
        header.flip();
        for (long at = 0; header.hasRemaining(); ) {
            at += out.write(header, at);
        }
    }

    private long position() {
        return written + buffer.position();
    }

    /** Writes {@code length} bytes preceded by their size, the size counting itself. */
    private void writeSized(byte[] bytes, int length) throws IOException {
        long size = length + 1;
        while (Values.sizeOf(size) + length != size) {
            size = Values.sizeOf(size) + length;
        }
        if (buffer.remaining() < 9 + length) {
            drain();
        }
        if (buffer.remaining() < 9 + length) {
            Values sized = new Values();
            sized.putLong(size);
            writeFully(ByteBuffer.wrap(sized.bytes, 0, sized.length));
            writeFully(ByteBuffer.wrap(bytes, 0, length));
            return;
        }
        Values.putLong(buffer, size);
        buffer.put(bytes, 0, length);
    }

    private void drain() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            written += out.write(bytes);
        }
    }

    /** The metadata event: a string table, then the element tree that names every type. */
    private Values metadata(long duration) {
        Map<String, Long> ids = new LinkedHashMap<>();
        long next = FIRST_EVENT_TYPE_ID + types.size();
        for (String name : List.of("long", "java.lang.String", CONTENT_TYPE, LABEL, DESCRIPTION, CATEGORY)) {
            ids.put(name, next++);
        }
        for (JfrEventType.Content content : JfrEventType.Content.values()) {
            if (content.annotation != null) {
                ids.put(content.annotation, next++);
            }
        }
        Element metadata = new Element("metadata");
        metadata.add(new Element("class").with("id", ids.get("long")).with("name", "long"));
        metadata.add(new Element("class").with("id", ids.get("java.lang.String")).with("name", "java.lang.String"));
        metadata.add(annotationType(ids, CONTENT_TYPE, false));
        metadata.add(annotationType(ids, LABEL, false).add(valueField(ids, 0)));
        metadata.add(annotationType(ids, DESCRIPTION, false).add(valueField(ids, 0)));
        metadata.add(annotationType(ids, CATEGORY, false).add(valueField(ids, 1)));
        for (JfrEventType.Content content : JfrEventType.Content.values()) {
            if (content.annotation != null) {
                Element type = annotationType(ids, content.annotation, true);
                metadata.add(content.value == null ? type : type.add(valueField(ids, 0)));
            }
        }
        for (JfrEventType type : types) {
            Element event = new Element("class").with("id", typeIds.get(type)).with("name", type.name())
                    .with("superType", "jdk.jfr.Event");
            event.add(field(ids, new JfrEventType.Field("startTime", JfrEventType.ValueType.LONG,
                    JfrEventType.Content.TICKS, "Start Time", null)));
            type.fields().forEach(f -> event.add(field(ids, f)));
            event.add(annotation(ids, LABEL, type.label()));
            event.add(annotation(ids, DESCRIPTION, type.description()));
            event.add(new Element("annotation").with("class", ids.get(CATEGORY)).with("value-0", type.category()));
            metadata.add(event);
        }
        Element root = new Element("root").add(metadata)
                .add(new Element("region").with("locale", "en_US").with("gmtOffset", 0L).with("dst", 0L));

        Map<String, Integer> strings = new LinkedHashMap<>();
        root.collectStrings(strings);
        Values meta = new Values();
        meta.putLong(METADATA_TYPE_ID).putLong(startTicks).putLong(duration).putLong(1); // metadata id
        meta.putLong(strings.size());
        strings.keySet().forEach(meta::putString);
        root.write(meta, strings);
        return meta;
    }

    private static Element annotationType(Map<String, Long> ids, String name, boolean contentType) {
        Element type = new Element("class").with("id", ids.get(name)).with("name", name).with("superType", ANNOTATION);
        return contentType ? type.add(new Element("annotation").with("class", ids.get(CONTENT_TYPE))) : type;
    }

    private static Element valueField(Map<String, Long> ids, int dimension) {
        Element field = new Element("field").with("name", "value").with("class", ids.get("java.lang.String"));
        return dimension == 0 ? field : field.with("dimension", (long) dimension);
    }

    private static Element field(Map<String, Long> ids, JfrEventType.Field f) {
        Element field = new Element("field").with("name", f.name()).with("class", ids.get(f.type().className));
        field.add(annotation(ids, LABEL, f.label()));
        if (f.description() != null) {
            field.add(annotation(ids, DESCRIPTION, f.description()));
        }
        if (f.content().annotation != null) {
            Element content = new Element("annotation").with("class", ids.get(f.content().annotation));
            field.add(f.content().value == null ? content : content.with("value", f.content().value));
        }
        return field;
    }

    private static Element annotation(Map<String, Long> ids, String type, String value) {
        return new Element("annotation").with("class", ids.get(type)).with("value", value);
    }

    /** An element of the metadata tree: a name, attributes and child elements, all strings. */
    private static final class Element {
        private final String name;
        private final List<String[]> attributes = new ArrayList<>();
        private final List<Element> children = new ArrayList<>();

        Element(String name) {
            this.name = name;
        }

        Element with(String attribute, String value) {
            attributes.add(new String[] {attribute, value});
            return this;
        }

        Element with(String attribute, long value) {
            return with(attribute, Long.toString(value));
        }

        Element add(Element child) {
            children.add(child);
            return this;
        }

        void collectStrings(Map<String, Integer> strings) {
            strings.putIfAbsent(name, strings.size());
            for (String[] attribute : attributes) {
                strings.putIfAbsent(attribute[0], strings.size());
                strings.putIfAbsent(attribute[1], strings.size());
            }
            children.forEach(c -> c.collectStrings(strings));
        }

        void write(Values out, Map<String, Integer> strings) {
            out.putLong(strings.get(name)).putLong(attributes.size());
            for (String[] attribute : attributes) {
                out.putLong(strings.get(attribute[0])).putLong(strings.get(attribute[1]));
            }
            out.putLong(children.size());
            children.forEach(c -> c.write(out, strings));
        }
    }

    /** An event's values as they are put, compressed; the array is reused from event to event. */
    static final class Values {
        private byte[] bytes = new byte[256];
        private int length;
        private int fields;

        void reset() {
            length = 0;
        }

        /** A long field, or an integer of the format. */
        Values putLong(long value) {
            room(9);
            for (int i = 0; i < 8; i++) {
                if ((value & ~0x7FL) == 0) {
                    bytes[length++] = (byte) value;
                    fields++;
                    return this;
                }
                bytes[length++] = (byte) (value & 0x7F | 0x80);
                value >>>= 7;
            }
            bytes[length++] = (byte) value;
            fields++;
            return this;
        }

        /** A string field, inline as UTF-8; null and empty have codes of their own. */
        Values putString(String value) {
            if (value == null || value.isEmpty()) {
                room(1);
                bytes[length++] = value == null ? STRING_NULL : STRING_EMPTY;
                fields++;
                return this;
            }
            int utf8 = utf8Length(value);
            room(1 + 9 + utf8);
            bytes[length++] = STRING_UTF8;
            putLong(utf8); // counted as the string's field
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    bytes[length++] = (byte) c;
                } else if (c < 0x800) {
                    bytes[length++] = (byte) (0xC0 | c >> 6);
                    bytes[length++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, value.charAt(++i));
                    bytes[length++] = (byte) (0xF0 | cp >> 18);
                    bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    bytes[length++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    char e = Character.isSurrogate(c) ? '?' : c; // a lone surrogate has no UTF-8 form
                    bytes[length++] = (byte) (0xE0 | e >> 12);
                    bytes[length++] = (byte) (0x80 | e >> 6 & 0x3F);
                    bytes[length++] = (byte) (0x80 | e & 0x3F);
                }
            }
            return this;
        }

        Values putByte(byte value) {
            room(1);
            bytes[length++] = value;
            return this;
        }

        private void room(int needed) {
            if (length + needed > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + needed));
            }
        }

        private static int utf8Length(String value) {
            int n = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    n += 1;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n += 3;
                }
            }
            return n;
        }

        static int sizeOf(long value) {
            int n = 1;
            while (n < 9 && (value & ~0x7FL) != 0) {
                value >>>= 7;
                n++;
            }
            return n;
        }

        static void putLong(ByteBuffer to, long value) {
            for (int i = 0; i < 8; i++) {
                if ((value & ~0x7FL) == 0) {
                    to.put((byte) value);
                    return;
                }
                to.put((byte) (value & 0x7F | 0x80));
                value >>>= 7;
            }
            to.put((byte) value);
        }
    }
}
