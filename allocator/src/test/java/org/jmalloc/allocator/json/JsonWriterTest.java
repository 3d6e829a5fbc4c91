package org.jmalloc.allocator.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What {@link JsonWriter} writes is JSON that a real parser reads back to the same values. */
class JsonWriterTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void nestedDocumentParsesBackToTheSameValues() throws Exception {
        JsonWriter w = new JsonWriter();
        w.beginObject()
                .name("n").value(-42L)
                .name("d").value(0.25)
                .name("fixed").value(1.0 / 3, 3)
                .name("nan").value(Double.NaN)
                .name("b").value(true)
                .name("s").value("x")
                .name("nothing").nullValue()
                .name("empty").beginObject().endObject()
                .name("list").beginArray().value(1L).beginArray().endArray().beginObject().name("k").value("v")
                .endObject().endArray()
                .endObject();
        JsonNode n = JACKSON.readTree(w.toString());
        assertEquals(-42, n.get("n").asLong());
        assertEquals(0.25, n.get("d").asDouble());
        assertEquals("0.333", n.get("fixed").asText());
        assertTrue(n.get("nan").isNull());
        assertTrue(n.get("b").asBoolean());
        assertEquals("x", n.get("s").asText());
        assertTrue(n.get("nothing").isNull());
        assertEquals(0, n.get("empty").size());
        assertEquals(3, n.get("list").size());
        assertEquals("v", n.get("list").get(2).get("k").asText());
    }

    @Test
    void everyAwkwardCharacterSurvivesTheRoundTrip() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("é€\u2028\u2029").appendCodePoint(0x1F600); // accents, BMP symbols, a surrogate pair
        String text = all.toString();
        JsonWriter w = new JsonWriter();
        w.beginObject().name(text).value(text).endObject();
        JsonNode n = JACKSON.readTree(w.toString());
        assertEquals(text, n.get(text).asText());
    }

    @Test
    void randomStringsWithLoneSurrogatesStayValidJson() throws Exception {
        Random random = new Random(0x15041L);
        for (int round = 0; round < 500; round++) {
            char[] chars = new char[random.nextInt(20)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) random.nextInt(0x10000);
            }
            String s = new String(chars);
            JsonWriter w = new JsonWriter();
            w.beginArray().value(s).endArray();
            String json = w.toString();
            // Lone surrogates are escaped, so the text encodes to UTF-8 and back unchanged.
            String viaUtf8 = new String(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(json, viaUtf8, "seed 0x15041, round " + round);
            assertEquals(s, JACKSON.readTree(json).get(0).asText(), "seed 0x15041, round " + round);
        }
    }

    @Test
    void misuseIsRefusedAtOnce() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().value(1L));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginArray().endObject());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().value(1L).value(2L));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new JsonWriter().beginObject().name("a").name("b"));
        assertTrue(e.getMessage().contains("name(\"b\")"), e.getMessage());
    }
}
