package org.jmalloc.guardrails.report;

import java.io.StringWriter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jmalloc.guardrails.verdict.GateResult;
import org.jmalloc.guardrails.verdict.MetricVerdict;
import org.jmalloc.guardrails.verdict.Verdict;

/**
 * The verdict as JUnit XML (the Ant/Surefire schema CI servers read): one {@code <testsuite name="jmalloc-gate">},
 * one {@code <testcase>} per guarded metric named {@code "<metric> <benchmark>"} in class {@code gate.<rule>}. A
 * REGRESSION is a {@code <failure>} whose message names metric, change, interval and threshold; an INCONCLUSIVE one
 * is an {@code <error>} (the gate failed closed); NEW and CHANGED benchmarks are {@code <skipped>} with the reason.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static String render(GateResult r) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "jmalloc-gate");
            x.writeAttribute("tests", Integer.toString(r.verdicts().size()));
            x.writeAttribute("failures", Long.toString(r.count(Verdict.REGRESSION)));
            x.writeAttribute("errors", Long.toString(r.count(Verdict.INCONCLUSIVE)));
            x.writeAttribute("skipped", Long.toString(r.count(Verdict.NEW) + r.count(Verdict.CHANGED)));
            x.writeAttribute("time", Long.toString(r.wallSeconds()));
            x.writeCharacters("\n  ");
            x.writeStartElement("properties");
            property(x, "baseline", r.baseline());
            property(x, "candidate", r.candidate());
            property(x, "mode", r.mode());
            property(x, "instrument", r.instrument());
            property(x, "seed", Long.toString(r.seed()));
            for (int i = 0; i < r.notes().size(); i++) {
                property(x, "note." + (i + 1), r.notes().get(i));
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            for (MetricVerdict v : r.verdicts()) {
                testcase(x, v);
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void testcase(XMLStreamWriter x, MetricVerdict v) throws XMLStreamException {
        x.writeCharacters("\n  ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", v.rule().equals("-") ? "gate" : "gate." + v.rule());
        x.writeAttribute("name", v.metric() + " " + v.benchmark());
        x.writeAttribute("time", "0");
        String detail = v.explanation() + "\nbaseline forks: " + samples(v.baselineSamples()) + "\ncandidate forks: "
                + samples(v.candidateSamples());
        switch (v.verdict()) {
            case REGRESSION -> element(x, "failure", "REGRESSION", message(v), detail);
            case INCONCLUSIVE -> element(x, "error", "INCONCLUSIVE", "inconclusive at the fork budget (failed"
                    + " closed): " + message(v), detail);
            case NEW, CHANGED -> {
                x.writeCharacters("\n    ");
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", v.verdict() + ": " + v.explanation());
            }
            case PASS, IMPROVEMENT -> {
                x.writeCharacters("\n    ");
                x.writeStartElement("system-out");
                x.writeCharacters(v.verdict() + ": " + v.explanation());
                x.writeEndElement();
            }
        }
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    /** {@code "latency.avg of X: +12.3% [+9.8%, +14.9%] (12.00 -> 13.48 ns/op), threshold 5%"}. */
    static String message(MetricVerdict v) {
        return String.format(Locale.ROOT, "%s of %s: %s (%s -> %s %s), threshold %s", v.metric(), v.benchmark(),
                Format.change(v), Format.value(v.baseline()), Format.value(v.candidate()), v.unit(), v.threshold());
    }

    private static void element(XMLStreamWriter x, String name, String type, String message, String text)
            throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement(name);
        x.writeAttribute("type", type);
        x.writeAttribute("message", message);
        x.writeCharacters(text);
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    private static String samples(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            if (!s.isEmpty()) {
                s.append(' ');
            }
            s.append(Format.value(v));
        }
        return s.toString();
    }
}
