package io.leadfunnel.metrics.scenario;

import io.leadfunnel.events.FunnelEvent;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;
import io.leadfunnel.events.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The golden scenario of {@code golden/scenario.md} as events, one {@link Events} per lead. */
public final class GoldenScenario {

    public static final String QUERY = "from=2026-09-07&to=2026-10-05&asOf=2026-10-12T00:00:00Z&bucket=week"
            + "&window=P14D&stuckAfter=P14D&blackHoleAfter=P2D";

    private static final Pattern OFFSET = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?");
    private static final Duration ACCEPT_WITHIN = Duration.ofHours(4);

    private GoldenScenario() {
    }

    public static List<Events> leads() {
        List<Events> leads = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.startsWith("| g")) {
                leads.add(lead(line));
            }
        }
        return leads;
    }

    /** Every event of every lead, lead by lead, each lead's in business order. */
    public static List<FunnelEvent> events() {
        return leads().stream().flatMap(l -> l.events().stream()).toList();
    }

    private static Events lead(String line) {
        String[] cells = line.split("\\|", -1);
        String id = cells[1].trim();
        Instant captured = LocalDate.parse(cells[2].trim()).atTime(9, 0).toInstant(ZoneOffset.UTC);
        LeadSource source = LeadSource.valueOf(cells[3].trim());
        String campaign = cells[4].trim().isEmpty() ? null : cells[4].trim();
        int size = Integer.parseInt(cells[5].trim());
        String industry = cells[6].trim();
        int score = Integer.parseInt(cells[7].trim());
        LeadProfile profile = Events.profile(source, campaign, source.defaultOrigin(), size, industry);
        Events events = Events.lead(id).captured(captured, profile).scored(captured.plusSeconds(60), score);
        Instant lastHandoff = null;
        for (String step : cells[8].trim().split("\\s+")) {
            if (step.isEmpty()) {
                continue;
            }
            String[] parts = step.split(":", 2);
            String argument = parts.length > 1 ? parts[1] : null;
            String[] what = parts[0].split("@");
            Instant at = what.length > 1 ? captured.plus(offset(what[1])) : captured;
            switch (what[0]) {
                case "MQL" -> events.stage(at, Stage.MQL);
                case "SAL" -> events.stage(at, Stage.SAL);
                case "SQL" -> events.stage(at, Stage.SQL);
                case "REC" -> events.stage(at, Stage.RECYCLED, argument);
                case "DQ" -> events.stage(at, Stage.DISQUALIFIED, argument);
                case "WON" -> events.won(at, argument);
                case "LOST" -> events.lost(at, argument);
                case "H" -> {
                    String[] owner = argument.split("/");
                    events.handoff(at, owner[0], owner[1], ACCEPT_WITHIN);
                    lastHandoff = at;
                }
                case "BREACH" -> events.breached(at, lastHandoff.plus(ACCEPT_WITHIN));
                case "OWNER" -> {
                    String[] owner = argument.split("/");
                    events.owner(owner[0], owner[1]);
                }
                case "MERGED" -> events.merged(at, argument);
                default -> throw new IllegalArgumentException("unknown step " + step + " of " + id);
            }
        }
        return events;
    }

    private static Duration offset(String text) {
        Matcher m = OFFSET.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad offset " + text);
        }
        return Duration.ofDays(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
                .plusHours(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
                .plusMinutes(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
    }

    private static String text() {
        try (InputStream in = GoldenScenario.class.getResourceAsStream("/golden/scenario.md")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
