package org.jmalloc.stress.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void units_doNotFollowTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1,234,567", Units.count(1_234_567));
            assertEquals("2,500", Units.rate(2499.6));
            assertEquals("10.0 s", Units.seconds(10_000_000_000L));
        } finally {
            Locale.setDefault(saved);
        }
    }
}
