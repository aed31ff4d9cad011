/**
 * The rows the agent publishes, named once for the agent, its JFR events and the JMC rules: the
 * two kinds of row ({@link io.github.jvmpagemap.rows.RowKind}) and the names that are the agent's
 * own ({@link io.github.jvmpagemap.rows.RowNames}). Uses nothing but the JDK's base module.
 */
package io.github.jvmpagemap.rows;
