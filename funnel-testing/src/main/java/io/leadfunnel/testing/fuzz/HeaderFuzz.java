package io.leadfunnel.testing.fuzz;

import io.leadfunnel.testing.fuzz.RawHttp.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a header fuzz over one endpoint family: each input takes one of the family's requests, valid but for its
 * headers ({@link HeaderFuzzer}), sends it over a plain socket ({@link RawHttp}) and records any answer of 500 or more
 * (or none). The figures go to the fuzz report ({@link FuzzReport}) as {@code "<family> headers"}.
 */
public final class HeaderFuzz {

    /** A request of the family: well-formed as built, with the names of the headers the fuzz may change. */
    public record Request(String method, String pathAndQuery, List<Header> headers, byte[] body,
                          List<String> fuzzed) {

        /** A GET with a bearer token and an {@code Accept} header. */
        public static Request get(String pathAndQuery, String token, String accept, List<String> fuzzed) {
            return new Request("GET", pathAndQuery, List.of(Header.of("Authorization", "Bearer " + token),
                    Header.of("Accept", accept)), null, fuzzed);
        }

        /** A request with a bearer token and a JSON body (none when {@code json} is null). */
        public static Request json(String method, String pathAndQuery, String token, String json,
                                   List<String> fuzzed) {
            return new Request(method, pathAndQuery, List.of(Header.of("Authorization", "Bearer " + token),
                    Header.of("Content-Type", "application/json"), Header.of("Accept", "application/json")),
                    json == null ? null : json.getBytes(StandardCharsets.UTF_8), fuzzed);
        }
    }

    /** What a run saw: answers by status, and the inputs answered 500 or more (or not at all). */
    public record Outcome(Map<Integer, Integer> statuses, List<String> serverErrors, long seed) {

        /** No answer of 500 or more, and some inputs got through to a 2xx (so the fuzz reached the endpoints). */
        public void assertNoServerErrors() {
            assertThat(serverErrors).as("server errors (seed " + seed + ")").isEmpty();
            assertThat(statuses.keySet()).as("answers of the fuzz: some inputs must reach the endpoints")
                    .anyMatch(status -> status >= 200 && status < 300);
        }
    }

    private HeaderFuzz() {
    }

    /**
     * Sends {@code inputs} requests, each built fresh by one of {@code requests} (so that keys and signatures can be
     * new every time) and then made hostile.
     */
    public static Outcome run(String family, String baseUrl, int inputs, List<Supplier<Request>> requests) {
        JsonFuzzer seeds = JsonFuzzer.fromSystemProperty();
        Random random = seeds.random();
        HeaderFuzzer fuzzer = new HeaderFuzzer(random);
        RawHttp http = new RawHttp(baseUrl);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            Request request = requests.get(random.nextInt(requests.size())).get();
            List<Header> headers = fuzzer.vary(request.headers(), request.fuzzed());
            int status = http.send(request.method(), request.pathAndQuery(), headers, request.body());
            statuses.merge(status, 1, Integer::sum);
            if (status >= 500) {
                serverErrors.add(status + " " + request.method() + " " + request.pathAndQuery() + " " + headers);
            }
        }
        System.out.println("header fuzz " + family + ": statuses " + statuses);
        FuzzReport.write(family + " headers", inputs, serverErrors.size(), 0, seeds.seed());
        return new Outcome(statuses, serverErrors, seeds.seed());
    }
}
