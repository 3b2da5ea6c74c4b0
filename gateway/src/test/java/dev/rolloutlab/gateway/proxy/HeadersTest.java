package dev.rolloutlab.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What crosses the proxy: end-to-end headers do, hop-by-hop ones (RFC 9110, 7.6.1) do not. */
class HeadersTest {

    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Proxy-Authenticate",
            "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Trailers", "Transfer-Encoding", "Upgrade");

    @Test
    void everyHopByHopHeaderStaysBehindInAnyCase() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap();
        HOP_BY_HOP.forEach(name -> from.add(name, "x"));
        HOP_BY_HOP.forEach(name -> from.add(name.toUpperCase(), "x"));
        from.add("X-Kept", "1");
        MultiMap to = MultiMap.caseInsensitiveMultiMap();

        Headers.copy(from, to);

        assertThat(to.names()).containsExactly("X-Kept");
    }

    @Test
    void endToEndHeadersCrossWithEveryValueInOrder() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap().add("Accept", "a/b").add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2").add("Tee", "not te").add("Upgrades", "not upgrade");
        MultiMap to = MultiMap.caseInsensitiveMultiMap();

        Headers.copy(from, to);

        assertThat(to.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(to.get("Accept")).isEqualTo("a/b");
        assertThat(to.get("Tee")).as("same first letters, another name").isEqualTo("not te");
        assertThat(to.get("Upgrades")).isEqualTo("not upgrade");
    }

    @Test
    void headersNamedInConnectionAreHopByHopToo() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap().add("Connection", " keep-alive ,X-Hop,  x-other ")
                .add("X-Hop", "1").add("X-OTHER", "2").add("X-Hopper", "3");
        MultiMap to = MultiMap.caseInsensitiveMultiMap();

        Headers.copy(from, to);

        assertThat(to.names()).containsExactly("X-Hopper");
    }

    @Test
    void connectionListsAreReadWithoutBeingFooledByEmptyItemsOrPrefixes() {
        assertThat(Headers.namedIn("a,,b", "b")).isTrue();
        assertThat(Headers.namedIn("x-hopper", "x-hop")).isFalse();
        assertThat(Headers.namedIn("x-hop", "x-hopper")).isFalse();
        assertThat(Headers.namedIn("", "x")).isFalse();
    }
}
