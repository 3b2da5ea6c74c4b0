package dev.rolloutlab.pods;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The emulation tests need root, namespaces and a memory cgroup. Where the machine lacks one,
 * they are skipped with the reason, or fail with it under -Dpods.require=true or PODS_REQUIRE=true
 * (CI): never a
 * silent pass.
 */
class SkipsSayWhyOrFailWhenRequiredTest {

    @Test
    void aMissingAbilitySkipsWithTheReason() {
        // "false" rather than cleared: CI also sets PODS_REQUIRE=true, which the property overrides.
        String before = System.setProperty(Host.REQUIRE, "false");
        try {
            assertThatThrownBy(() -> Host.require(null, "not root (effective uid 1000); run as root"))
                    .isInstanceOf(TestAbortedException.class)
                    .hasMessageContaining("not root (effective uid 1000); run as root")
                    .hasMessageContaining("-Dpods.require=true");
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
