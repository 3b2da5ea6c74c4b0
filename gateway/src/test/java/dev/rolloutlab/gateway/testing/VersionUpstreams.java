package dev.rolloutlab.gateway.testing;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two upstreams answering as versions 1.0.0 ({@link #v1()}) and 2.0.0 ({@link #v2()}), started
 * once before a test class's first test (and before its own {@code @BeforeAll} methods) and
 * closed after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final VersionUpstreams UPSTREAMS = new VersionUpstreams();
 * }</pre>
 *
 * <p>Works with {@code @QuarkusTest}: JUnit reads the static field of the test class it runs,
 * loaded by Quarkus's class loader, so the tests and this extension share one instance.
 */
public final class VersionUpstreams implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = Logger.getLogger(VersionUpstreams.class);

    private TestUpstream v1;
    private TestUpstream v2;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        v1 = TestUpstream.start("1.0.0");
        v2 = TestUpstream.start("2.0.0");
        LOG.infof("%s: upstreams started, v1 at %s, v2 at %s", context.getDisplayName(), v1.url(), v2.url());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try (TestUpstream first = v1; TestUpstream second = v2) {
            v1 = null;
            v2 = null;
        }
        LOG.infof("%s: upstreams closed", context.getDisplayName());
    }

    /** The upstream answering as version 1.0.0. */
    public TestUpstream v1() {
        return started(v1);
    }

    /** The upstream answering as version 2.0.0. */
    public TestUpstream v2() {
        return started(v2);
    }

    private static TestUpstream started(TestUpstream upstream) {
        if (upstream == null) {
            throw new IllegalStateException("not started: register with @RegisterExtension on a static field");
        }
        return upstream;
    }
}
