package io.leadfunnel.testing.fuzz;

import io.leadfunnel.testing.fuzz.RawHttp.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs a header fuzz over one endpoint family: each input takes one of the family's requests, valid but for its
 * headers ({@link HeaderFuzzer}), sends it over a plain socket ({@link RawHttp}) and records any answer of 500 or more
 * (or none). The figures go to the fuzz report ({@link FuzzReport}) as {@code "<family> headers"}.
 */
public final class HeaderFuzz {

    /** A request of the family: valid as built, with the names of the headers the fuzz may change. */
    public record Request(String method, String pathAndQuery, List<Header> headers, byte[] body,
                          List<String> fuzzed) {
    }

    /** What a run saw: answers by status, and the inputs answered 500 or more (or not at all). */
    public record Outcome(Map<Integer, Integer> statuses, List<String> serverErrors, long seed) {
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
