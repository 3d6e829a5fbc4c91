/** Facts about a run that the lab records with it: the machine's hardware profile and the git checkout. */
package org.jmalloc.results.run;
