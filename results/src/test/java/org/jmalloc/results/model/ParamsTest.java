package org.jmalloc.results.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void canonical_sortsByNameWhateverTheInputOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("threads", "2");
        m.put("size", "00064");
        assertEquals("size=00064,threads=2", Params.of(m).canonical());
        assertEquals("", Params.NONE.canonical());
    }

    @Test
    void canonical_escapesSeparators() {
        Params p = Params.of(Map.of("a,b", "x=y", "c\\", ""));
        assertEquals("a\\,b=x\\=y,c\\\\=", p.canonical());
        assertEquals(p, Params.parse(p.canonical()));
    }

    @Test
    void parse_roundTripsSeededRandomParams() {
        Random random = new Random(42);
        String alphabet = "ab=,\\ .-_0é";
        for (int i = 0; i < 2000; i++) {
            TreeMap<String, String> m = new TreeMap<>();
            int n = random.nextInt(4);
            for (int j = 0; j < n; j++) {
                m.put(randomText(random, alphabet), randomText(random, alphabet));
            }
            Params p = new Params(m);
            assertEquals(p, Params.parse(p.canonical()), p.canonical());
        }
    }

    @Test
    void parse_rejectsMalformedTextWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Params.parse("size")).getMessage()
                .contains("has no '='"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Params.parse("b=1,a=2")).getMessage()
                .contains("not sorted"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Params.parse("a=1,a=2")).getMessage()
                .contains("given twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Params.parse("a=1\\")).getMessage()
                .contains("dangling"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Params.parse("a=1=2")).getMessage()
                .contains("unescaped '='"));
    }

    @Test
    void without_dropsOneParameter() {
        Params p = Params.parse("impl=jmalloc,size=00064");
        assertEquals("size=00064", p.without("impl").canonical());
        assertEquals("jmalloc", p.get("impl"));
    }

    private static String randomText(Random random, String alphabet) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
