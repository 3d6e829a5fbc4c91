/** The lab's command line: {@link org.jmalloc.lab.LabCommand} and the subcommands it lists. */
package org.jmalloc.lab;
