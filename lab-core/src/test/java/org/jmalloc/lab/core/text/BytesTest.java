package org.jmalloc.lab.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void human_picksTheLargestUnitAndDropsAZeroDecimal() {
        assertEquals("0 B", Bytes.human(0));
        assertEquals("1023 B", Bytes.human(1023));
        assertEquals("1 KiB", Bytes.human(1024));
        assertEquals("1.5 KiB", Bytes.human(1536));
        assertEquals("4 MiB", Bytes.human(4L << 20));
        assertEquals("4 MiB", Bytes.human((4L << 20) + 1), "4 MiB + 1 B rounds to one decimal");
        assertEquals("1 TiB", Bytes.human(1L << 40));
        assertEquals("8 EiB", Bytes.human(Long.MAX_VALUE));
        assertEquals("-2 KiB", Bytes.human(-2048));
    }

    @Test
    void exact_addsTheHumanFormOnlyWhenItSaysMore() {
        assertEquals("64 B", Bytes.exact(64));
        assertEquals("4096 (4 KiB)", Bytes.exact(4096));
        assertEquals("1100000 (1 MiB)", Bytes.exact(1_100_000));
    }

    @Test
    void human_ignoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1.5 KiB", Bytes.human(1536));
            assertEquals("2.3 GiB", Bytes.human(2_500_000_000L));
        } finally {
            Locale.setDefault(saved);
        }
    }
}
