/** The A/B runner: baseline build, class-path shadowing, interleaved forks, the machine-wide gate lock. */
package org.jmalloc.guardrails.run;
