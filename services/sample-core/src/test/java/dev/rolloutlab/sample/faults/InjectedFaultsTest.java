package dev.rolloutlab.sample.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(InjectedFaultsTest.BrokenVersion.class)
class InjectedFaultsTest {

    /** A version configured to fail every identity request after 300 ms. */
    public static class BrokenVersion implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sample.fault.error-rate", "1", "sample.fault.latency", "300ms");
        }
    }

    @Test
    void failsAndDelaysIdentityRequestsAsConfigured() {
        long start = System.nanoTime();
        given().when().get("/api/identity")
                .then().statusCode(500)
                .body("status", org.hamcrest.Matchers.equalTo(500))
                .body("error", containsString("injected fault"));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void countsInjectedFaultsInTheMetrics() {
        given().when().get("/api/identity").then().statusCode(500);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("sample_injected_faults_total\\{[^}]*version=\"0.0.0-test\"[^}]*} [1-9]");
    }

    @Test
    void leavesOtherEndpointsAlone() {
        given().when().get("/api/volumes").then().statusCode(200);
    }
}
