package io.github.jvmpagemap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

/** However deep byte-buddy-agent wraps the JDK's attach failure, the reason comes out in one line. */
class AttachTest {

    /** As byte-buddy-agent reports a failure: its own exception around the reflective call's. */
    private static RuntimeException wrapped(Exception cause) {
        return new IllegalStateException("Error during attachment using: accessor",
                new InvocationTargetException(cause));
    }

    @Test
    void aJvmWithAttachDisabledIsNamedAsSuch() {
        CommandFailure f = Attach.failure(42, wrapped(new AttachNotSupportedException(
                "The VM does not support the attach mechanism")));
        assertEquals("process 42 refuses attach (it was started with -XX:+DisableAttachMechanism)", f.getMessage());
        assertEquals(CommandFailure.FAILED, f.exitCode());
    }

    @Test
    void anAgentTheJvmWouldNotLoadIsSaidWithTheJvmsReason() {
        assertEquals("process 42 did not load the agent: Failed to load agent library",
                Attach.failure(42, wrapped(new AgentLoadException("Failed to load agent library"))).getMessage());
    }

    @Test
    void anyOtherFailureKeepsTheDeepestReason() {
        assertEquals("cannot attach to process 42: Unable to open socket file",
                Attach.failure(42, wrapped(new IOException("Unable to open socket file"))).getMessage());
    }
}
