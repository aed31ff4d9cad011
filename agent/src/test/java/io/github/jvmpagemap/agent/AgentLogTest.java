package io.github.jvmpagemap.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentLogTest {

    @Test
    void aMessageQuotingLineBreaksStaysOneLine() {
        assertEquals("bad value '5x\\ny\\r' for interval\\u0007", AgentLog.oneLine("bad value '5x\ny\r' for interval\u0007"));
    }

    @Test
    void aNoteSaysItIsOneAndAProblemDoesNot() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(said, true, java.nio.charset.StandardCharsets.UTF_8));
            AgentLog.note("recording to /tmp/a.jfr");
            AgentLog.problem("scan failed");
        } finally {
            System.setErr(err);
        }
        assertEquals(java.util.List.of("jvm-pagemap: note: recording to /tmp/a.jfr", "jvm-pagemap: scan failed"),
                said.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void problemOnceRemembersABoundedNumberOfMessages() {
        java.io.PrintStream err = System.err;
        try {
            System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            for (int i = 0; i < 10 * AgentLog.REMEMBERED; i++) {
                AgentLog.problemOnce("problem at 0x" + Integer.toHexString(i));
            }
        } finally {
            System.setErr(err);
        }
        assertTrue(AgentLog.remembered() <= AgentLog.REMEMBERED, () -> AgentLog.remembered() + " remembered");
    }
}
