package io.github.jvmpagemap.samples;

/** Numbers from the command line and scenario options, which are system properties. */
final class Settings {
    private Settings() {
    }

    /** The system property {@code property} as a positive int, or {@code defaultValue} when unset. */
    static int positiveInt(String property, int defaultValue) {
        String text = System.getProperty(property);
        return text == null ? defaultValue : parsePositiveInt("-D" + property, text);
    }

    /** {@code text} as a positive int; {@code what} names it in the message when it is not one. */
    static int parsePositiveInt(String what, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, together with the values out of range
        }
        throw new BadInputException(
                what + " must be a whole number from 1 to " + Integer.MAX_VALUE + ", got '" + text + "'");
    }
}
