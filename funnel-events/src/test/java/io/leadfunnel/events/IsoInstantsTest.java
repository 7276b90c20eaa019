package io.leadfunnel.events;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instants read by position give exactly what {@link Instant#parse} gives, and anything else is left to it. */
class IsoInstantsTest {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void everyInstantOfTheYears0To9999AsWrittenIsReadByPositionAsInstantParseReadsIt() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random, i, YEAR_0, YEAR_10000);
            int nanos = instant.getNano();
            String written = instant.toString();

            assertThat(IsoInstants.parseWritten(written)).as(written).isEqualTo(instant)
                    .isEqualTo(Instant.parse(written));
            // a fraction of any length from one to nine digits, as other writers cut it
            String base = written.substring(0, 19);
            String fraction = String.format("%09d", nanos).substring(0, 1 + i % 9);
            String cut = base + "." + fraction + "Z";
            assertThat(IsoInstants.parseWritten(cut)).as(cut).isEqualTo(Instant.parse(cut));
        }
    }

    @Test
    void everyInstantIsWrittenAsInstantToStringWritesIt() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random, i, YEAR_0 - 86_400L * 400, YEAR_10000 + 86_400L * 400);
            assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
        }
        for (Instant edge : List.of(Instant.EPOCH, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(YEAR_0),
                Instant.ofEpochSecond(YEAR_0 - 1, 999_999_999), Instant.ofEpochSecond(YEAR_10000 - 1, 1),
                Instant.ofEpochSecond(YEAR_10000), Instant.ofEpochSecond(-1, 1_000))) {
            assertThat(IsoInstants.format(edge)).isEqualTo(edge.toString());
        }
    }

    @Test
    void theContractsMapperWritesInstantsAsTheTimeModuleDoes() throws Exception {
        ObjectMapper timeModuleOnly = com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        for (Instant instant : List.of(Instant.parse("2026-12-07T14:54:19Z"), Instant.parse("2026-12-07T14:54:19.120Z"),
                Instant.parse("2026-12-07T14:54:19.000123Z"), Instant.parse("+12026-01-01T00:00:00.000000001Z"))) {
            assertThat(FunnelJson.mapper().writeValueAsString(instant))
                    .isEqualTo(timeModuleOnly.writeValueAsString(instant));
        }
        ObjectMapper asTimestamps = FunnelJson.mapper().copy()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        assertThat(asTimestamps.writeValueAsString(Instant.ofEpochSecond(1_765_119_259L, 500_000_000)))
                .isEqualTo("1765119259.500000000");
    }

    @Test
    void theEdgesOfTheFormAreReadAsInstantParseReadsThem() {
        for (String text : List.of("1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2024-02-29T12:00:00Z", "2000-02-29T00:00:00.5Z", "1969-12-31T23:59:59.000000001Z")) {
            assertThat(IsoInstants.parseWritten(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void anyOtherTextIsLeftToInstantParseWithItsResultOrItsError() {
        // read by Instant.parse: an offset, lower case, an hour of 24, a leap second, a year past 9999
        for (String text : List.of("2026-12-07T16:54:19+02:00", "2026-12-07t14:54:19z", "2026-12-07T24:00:00Z",
                "2026-12-31T23:59:60Z", "+10000-01-01T00:00:00Z", "2026-12-07T14:54:19.Z")) {
            assertThat(IsoInstants.parseWritten(text)).as(text).isNull();
            assertThat(outcome(() -> IsoInstants.parse(text))).as(text).isEqualTo(outcome(() -> Instant.parse(text)));
        }
        // refused by both, with the same error
        for (String text : List.of("", "2026-12-07", "2026-12-07T14:54Z", "2026-02-29T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-12-07T14:60:00Z", "2026-12-07T14:54:19.1234567890Z",
                "2026-12-07T14:54:1xZ", "2026-12-07 14:54:19Z", "2026-12-07T14:54:19.12a4Z", " 2026-12-07T14:54:19Z")) {
            assertThat(IsoInstants.parseWritten(text)).as(text).isNull();
            assertThat(outcome(() -> IsoInstants.parse(text))).as(text).isEqualTo(outcome(() -> Instant.parse(text)))
                    .startsWith(DateTimeParseException.class.getName());
        }
    }

    @Test
    void theContractsMapperReadsInstantsAsBeforeInEveryForm() throws Exception {
        ObjectMapper mapper = FunnelJson.mapper();
        assertThat(mapper.readValue("\"2026-12-07T14:54:19.123Z\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-07T14:54:19.123Z"));
        assertThat(mapper.readValue("\"2026-12-07T16:54:19+02:00\"", Instant.class))
                .isEqualTo(Instant.parse("2026-12-07T14:54:19Z"));
        assertThat(mapper.readValue("\" 2026-12-07T14:54:19Z \"", Instant.class))
                .as("trimmed, as the time module's reader does").isEqualTo(Instant.parse("2026-12-07T14:54:19Z"));
        assertThat(mapper.readValue("1765119259.5", Instant.class))
                .isEqualTo(Instant.ofEpochSecond(1765119259L, 500_000_000));
        assertThat(mapper.readValue("null", Instant.class)).isNull();
        assertThatThrownBy(() -> mapper.readValue("\"2026-02-29T00:00:00Z\"", Instant.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("2026-02-29T00:00:00Z");

        LeadCaptured sample = GoldenSamples.event(LeadCaptured.class);
        assertThat(FunnelJson.read(FunnelJson.write(sample))).isEqualTo(sample);
    }

    /**
     * An instant between two seconds, its fraction by turns none, whole milliseconds, whole microseconds and any
     * nanoseconds, the four shapes {@link Instant#toString} writes.
     */
    private static Instant randomInstant(SplittableRandom random, int turn, long from, long to) {
        int nanos = switch (turn % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(random.nextLong(from, to), nanos);
    }

    private static String outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return "read " + parse.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
