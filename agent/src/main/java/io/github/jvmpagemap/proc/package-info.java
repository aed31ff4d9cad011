/**
 * The files of {@code /proc} the agent reads, each behind a small class that reads it into reused
 * buffers and says in one line why it could not: the maps and smaps, status, threads and their
 * names, children and KSM. The JDK 22+ overlay reads through FFM where that spares work. Uses
 * nothing of the agent.
 */
package io.github.jvmpagemap.proc;
