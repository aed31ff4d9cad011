package io.github.jvmpagemap.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "1023, 1023 B",
        "1024, 1.000 KiB",
        "1536, 1.500 KiB",
        "10240, 10.00 KiB",
        "102400, 100.0 KiB",
        "1024000, 1000 KiB",
        "1048576, 1.000 MiB",
        "396361728, 378.0 MiB",
        "1073741824, 1.000 GiB",
        "1342177280, 1.250 GiB",
        "1099511627776, 1.000 TiB",
        "1125899906842624, 1.000 PiB",
        "9223372036854775807, 8192 PiB",
        "1048575, 1.000 MiB",
        "10485700, 10.00 MiB",
        "104857000, 100.0 MiB",
        "1048575000, 1000 MiB",
        "1073741823, 1.000 GiB"})
    void formatsWithFourSignificantDigitsInBinaryUnits(long bytes, String text) {
        assertEquals(text, ByteSizes.format(bytes));
    }

    @Test
    void formatsANegativeDifferenceWithAMinusSignAndReadsItBack() {
        assertEquals("-12.00 KiB", ByteSizes.format(-12288));
        assertEquals("-1 B", ByteSizes.format(-1));
        assertEquals(-12288, ByteSizes.parse("-12.00 KiB"));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 1023, 1024, 1025, 12345, 1048575, 396361728, 1342177281, 987654321987L,
            Long.MAX_VALUE / 3})
    void parsesWhatItFormattedBackWithinATenthOfAPercent(long bytes) {
        long back = ByteSizes.parse(ByteSizes.format(bytes));

        assertTrue(Math.abs(back - bytes) <= bytes / 1000.0, bytes + " came back as " + back);
    }

    @Test
    void rejectsTextThatIsNotASize() {
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("12"));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("12 MB"));
    }
}
