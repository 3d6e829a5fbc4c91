package org.jmalloc.guardrails.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad thresholds file is refused with its file, line and a message that says how to fix it. */
class ConfigErrorTest {

    private static final String RULE = """
            rules:
              - name: latency
                metric: latency.*
                direction: lower
                kind: noisy
                relative: 5%
                benchmark: '*'
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown key          | relative: 5%      | threshold: 5%     | g.yaml:6: unknown rule key 'threshold' (known: name, benchmark, metric, direction, kind, relative, absolute, confidence)
            not a percentage     | relative: 5%      | relative: 5       | g.yaml:6: rule 'latency': relative '5' is not a percentage: write it as 5%
            bad number           | relative: 5%      | relative: five%   | g.yaml:6: rule 'latency': relative 'five%' is not a number
            negative bound       | relative: 5%      | absolute: -3      | g.yaml:6: rule 'latency': absolute -3 is negative
            percent absolute     | relative: 5%      | absolute: 5%      | g.yaml:6: rule 'latency': absolute '5%' is a percentage: use 'relative' for that, or give a number in the metric's unit
            bad kind             | kind: noisy       | kind: timed       | g.yaml:5: rule 'latency': kind 'timed' must be 'noisy' (timed) or 'deterministic' (counts, bytes, ratios)
            bad direction        | direction: lower  | direction: up     | g.yaml:4: rule 'latency': direction 'up' must be 'lower' or 'higher' (which is better)
            missing metric       | 'metric: latency.*' | '# no metric'   | g.yaml:2: rule 'latency': missing 'metric'
            no bound             | relative: 5%      | '# no bound'      | g.yaml:2: rule 'latency': no bound: give 'relative' (e.g. 5%) and/or 'absolute' (in the metric's unit)
            empty value          | relative: 5%      | relative:         | g.yaml:6: rule 'latency': 'relative' is empty
            nested value         | relative: 5%      | relative: [5%]    | g.yaml:6: 'relative' must be a single value
            confidence too high  | benchmark: '*'    | confidence: 100%  | g.yaml:7: rule 'latency': confidence 100% must be at least 50% and below 100%
            """)
    void refusesWithFileLineAndProblem(String what, String from, String to, String message) {
        String yaml = RULE.replace(from, to);
        ConfigException e = assertThrows(ConfigException.class, () -> Thresholds.parse("g.yaml", yaml), what);
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no rules list        | 'confidence: 99%\\n'                                             | g.yaml:1: no 'rules:' list
            rules not a list     | 'rules: 3\\n'                                                    | g.yaml:1: 'rules' must be a list of rules (each starting with '- name: ...')
            rule not a mapping   | 'rules:\\n  - latency\\n'                                        | g.yaml:2: a rule must be a mapping of keys (name, metric, direction, ...), not 'latency'
            unknown top key      | 'rule:\\n  - name: x\\n'                                         | g.yaml:1: unknown key 'rule' (known: confidence, rules)
            not YAML             | 'rules: [\\n'                                                    | g.yaml:1: not valid YAML: while parsing a flow node
            top not a mapping    | '- a\\n'                                                         | g.yaml:1: expected a mapping with 'rules:' at the top level
            """)
    void refusesBadStructure(String what, String yaml, String message) {
        String text = yaml.replace("\\n", "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Thresholds.parse("g.yaml", text), what);
        assertEquals(message, e.getMessage().lines().findFirst().orElseThrow().replaceFirst("(while parsing a flow \\w+).*", "$1"));
    }

    @org.junit.jupiter.api.Test
    void refusesADuplicateNameAndConfidenceOnADeterministicRule() {
        String twice = RULE + RULE.substring("rules:\n".length());
        assertEquals("g.yaml:8: rule name 'latency' is used twice: names must be unique",
                assertThrows(ConfigException.class, () -> Thresholds.parse("g.yaml", twice)).getMessage());
        String det = RULE.replace("kind: noisy", "kind: deterministic") + "    confidence: 99%\n";
        assertEquals("g.yaml:8: rule 'latency': 'confidence' applies to noisy rules only; a deterministic metric is"
                        + " compared directly",
                assertThrows(ConfigException.class, () -> Thresholds.parse("g.yaml", det)).getMessage());
    }
}
