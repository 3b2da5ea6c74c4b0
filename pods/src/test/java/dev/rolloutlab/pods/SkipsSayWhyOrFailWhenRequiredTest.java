package dev.rolloutlab.pods;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The emulation tests need root, namespaces and a memory cgroup. Where the machine lacks one,
 * they are skipped with the reason and what installs it, or fail with it under REQUIRE_ALL=true
 * (CI; -Drequire.all=true, and the older PODS_REQUIRE / -Dpods.require, too): never a silent pass.
 */
class SkipsSayWhyOrFailWhenRequiredTest {

    @Test
    void aMissingAbilitySkipsWithTheReason() {
        // "false" rather than cleared: CI also sets REQUIRE_ALL=true, which the property overrides.
        String before = System.setProperty(Host.REQUIRE, "false");
        try {
            assertThatThrownBy(() -> Host.require(null, "not root (effective uid 1000); run as root"))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("not root (effective uid 1000); run as root")
                    .hasMessageContaining("./test-deps");
        } finally {
            restore(before);
        }
    }

    @Test
    void aMissingAbilityFailsWhenRequired() {
        String before = System.setProperty(Host.REQUIRE, "true");
        try {
            assertThatThrownBy(() -> Host.require("no `unshare` on the PATH (util-linux)"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no `unshare` on the PATH");
        } finally {
            restore(before);
        }
    }

    @Test
    void nothingMissingRuns() {
        assertThatCode(() -> Host.require(null, null)).doesNotThrowAnyException();
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(Host.REQUIRE);
        } else {
            System.setProperty(Host.REQUIRE, value);
        }
    }
}
