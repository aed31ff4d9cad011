package io.github.jvmpagemap.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JfrAtLaunchTest {
    @Test
    void aRecordingStartedOnTheCommandLineIsSeen() {
        assertTrue(JfrAtLaunch.requested("java\0-javaagent:a.jar\0-XX:StartFlightRecording:settings=default\0-jar\0app.jar\0",
                Map.of()));
        assertTrue(JfrAtLaunch.requested("java\0-XX:StartFlightRecording\0Main\0", Map.of()));
    }

    @Test
    void aRecordingStartedThroughAnOptionsVariableIsSeen() {
        assertTrue(JfrAtLaunch.requested("java\0Main\0", Map.of("JAVA_TOOL_OPTIONS", "-Xmx1g -XX:StartFlightRecording")));
        assertTrue(JfrAtLaunch.requested("java\0Main\0", Map.of("JDK_JAVA_OPTIONS", "-XX:StartFlightRecording:name=x")));
    }

    @Test
    void noRecordingAtLaunchAndAnApplicationArgumentThatMerelyMentionsItAreNot() {
        assertFalse(JfrAtLaunch.requested("java\0-Xmx1g\0-jar\0app.jar\0", Map.of("JAVA_TOOL_OPTIONS", "-Xss1m")));
        assertFalse(JfrAtLaunch.requested("java\0-jar\0app.jar\0--flag=StartFlightRecording\0", Map.of()));
    }
}
