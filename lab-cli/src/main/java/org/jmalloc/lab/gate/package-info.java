/** {@code lab gate}, {@code lab calibrate} and {@code lab bisect}: the benchmark gate's command line. */
package org.jmalloc.lab.gate;
