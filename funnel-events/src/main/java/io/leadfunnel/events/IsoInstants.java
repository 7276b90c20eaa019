package io.leadfunnel.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes instants in the form the contract writes them, {@code 2026-12-07T14:54:19.123Z}: UTC, a four-digit
 * year, seconds always, a fraction of one to nine digits or none. That covers every instant {@link Instant#toString}
 * writes for the years 0 to 9999, so every instant of every event and stored document. They are read by position,
 * digit by digit, instead of through {@link DateTimeFormatter#ISO_INSTANT}, whose general parser (a context object, a
 * map of fields and a resolving step per instant) was 2 to 6 % of each service's samples in the benchmark's flight
 * recordings (deploy/bench, profile part, 2026-12-07): every event carries two or three instants. They are written
 * digit by digit too, exactly as {@link Instant#toString} writes them.
 *
 * <p>Any other text (an offset other than {@code Z}, lower-case letters, an hour of 24 or a leap second, a year of
 * more than four digits, a date that does not exist) is read by {@link Instant#parse}, so the result, and the error
 * for text that is no instant, is always exactly what that gives.
 */
public final class IsoInstants {

    private static final int SHORTEST = "2026-12-07T14:54:19Z".length();
    private static final int LONGEST = "2026-12-07T14:54:19.123456789Z".length();
    /** The first second of the year 0 and of the year 10000: the years written with four digits. */
    private static final long YEAR_0 = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long YEAR_10000 = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400;
    private static final int[] FRACTION_SCALE = {
        0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private IsoInstants() {
    }

    /**
     * The instant the text names, as {@link Instant#parse} reads it.
     *
     * @throws java.time.format.DateTimeParseException when the text is no ISO-8601 instant
     */
    public static Instant parse(CharSequence text) {
        Instant instant = parseWritten(text);
        return instant != null ? instant : Instant.parse(text);
    }

    /**
     * The instant, when the text is in the form above (a four-digit year, seconds, a fraction of up to nine digits,
     * {@code Z}) and names an instant that exists; null for any other text, which {@link Instant#parse} then reads or
     * refuses.
     */
    public static Instant parseWritten(CharSequence text) {
        int length = text.length();
        if (length < SHORTEST || length > LONGEST || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nanos = 0;
        if (length > SHORTEST) {
            int fractionDigits = length - SHORTEST - 1;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * FRACTION_SCALE[fractionDigits];
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /**
     * The instant as {@link Instant#toString} writes it: {@code 2026-12-07T14:54:19Z}, with a fraction of three, six or
     * nine digits when it has one.
     */
    public static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0 || seconds >= YEAR_10000) {
            return instant.toString(); // a year of more than four digits, or before year 0: a sign and more digits
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nanos = instant.getNano();
        char[] text = new char[LONGEST];
        int at = put(text, 0, date.getYear(), 4);
        text[at++] = '-';
        at = put(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = put(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = put(text, at, secondOfDay / 3_600, 2);
        text[at++] = ':';
        at = put(text, at, secondOfDay / 60 % 60, 2);
        text[at++] = ':';
        at = put(text, at, secondOfDay % 60, 2);
        if (nanos > 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = put(text, at, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                at = put(text, at, nanos / 1_000, 6);
            } else {
                at = put(text, at, nanos, 9);
            }
        }
        text[at++] = 'Z';
        return new String(text, 0, at);
    }

    /** Writes {@code value} as {@code count} digits, zeros first, from {@code at}; returns the position after them. */
    private static int put(char[] text, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }

    /** The number the {@code count} ASCII digits from {@code start} write, or -1 when one of them is no digit. */
    private static int digits(CharSequence text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
