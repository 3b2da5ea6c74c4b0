package dev.rolloutlab.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing tool is a skip naming it and what installs it, or with the switch on a failure; never a silent pass. */
class RequiresTest {

    private static final String NOWHERE = "/nonexistent/rollout-lab-no-such-tool";

    @AfterEach
    void forgetTheSwitch() {
        System.clearProperty(Requires.PROPERTY);
        System.clearProperty("pods.require");
    }

    @Test
    void aMissingToolIsASkipNamingItAndWhatInstallsIt() {
        // "false" rather than cleared: CI sets REQUIRE_ALL=true, which the property overrides.
        System.setProperty(Requires.PROPERTY, "false");
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> Requires.tool("chromium", NOWHERE, "apt-get install -y chromium chromium-driver"));
        assertEquals("chromium is missing (no " + NOWHERE + "): apt-get install -y chromium chromium-driver (or ./test-deps)",
                skip.getMessage());
    }

    @Test
    void theSwitchMakesItAFailureWithTheSameLine() {
        System.setProperty(Requires.PROPERTY, "true");
        AssertionError failure = assertThrows(AssertionError.class, () -> Requires.onPath("rollout-lab-no-such-tool", "apt-get install -y x"));
        assertTrue(failure.getMessage().startsWith("rollout-lab-no-such-tool is missing (not on the PATH): apt-get install -y x (or ./test-deps)"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("REQUIRE_ALL=true"), failure.getMessage());
    }

    @Test
    void podsRequireIsAnAliasAndRequireAllWins() {
        System.setProperty("pods.require", "true");
        assertTrue(Requires.required());
        System.setProperty(Requires.PROPERTY, "false");
        assertThrows(TestAbortedException.class, () -> Requires.unless("podman is missing", null));
    }

    @Test
    void whatIsThereRuns() {
        assertDoesNotThrow(() -> Requires.onPath("sh", "apt-get install -y dash"));
        assertDoesNotThrow(() -> Requires.unless(null, "anything"));
    }
}
