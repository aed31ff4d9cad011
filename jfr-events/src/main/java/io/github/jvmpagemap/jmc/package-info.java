/**
 * JDK Mission Control's automated-analysis rules over the agent's events, in a jar of their own
 * that JMC loads. Uses {@code jfr} (its event names, inlined) and {@code rows}.
 */
package io.github.jvmpagemap.jmc;
