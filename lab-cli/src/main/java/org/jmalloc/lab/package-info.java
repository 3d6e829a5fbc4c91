/**
 * The lab's command line: the launcher {@link org.jmalloc.lab.LabCommand} and the plumbing every subcommand shares
 * (exit codes, error messages, version); the subcommands live in the packages of their jobs.
 */
package org.jmalloc.lab;
