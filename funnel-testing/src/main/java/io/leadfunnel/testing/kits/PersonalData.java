package io.leadfunnel.testing.kits;

import com.mongodb.client.MongoDatabase;
import io.leadfunnel.events.LeadOrigin;
import io.leadfunnel.events.LeadProfile;
import io.leadfunnel.events.LeadSource;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data that must not stay: a lead profile whose every personal value is a marker no other data contains, a
 * capture of the log at INFO and above, and a look at every stored document of a lead. A test sends the marked lead
 * through the service, erases it, and then asserts that no marker is left where it must not be.
 */
public final class PersonalData {

    public static final String EMAIL = "zq-marker-erasable@markercorp-unique.example";
    public static final String FIRST = "Zebulonmarker";
    public static final String LAST = "Quxmarkerson";
    public static final String COMPANY = "Markercorp Unique GmbH";
    public static final String DOMAIN = "markercorp-unique.example";
    public static final String TITLE = "VP Markerology";
    /** Every personal marker. */
    public static final List<String> MARKERS = List.of(EMAIL, FIRST, LAST, COMPANY, DOMAIN, TITLE);
    /** The markers a log line could quote from an unreadable record or a failed write. */
    public static final List<String> LOGGED_MARKERS = List.of(EMAIL, FIRST, LAST, COMPANY);

    private PersonalData() {
    }

    /** A profile carrying every marker. */
    public static LeadProfile markedProfile() {
        return new LeadProfile(EMAIL, FIRST, LAST, COMPANY, DOMAIN, TITLE, "DE", "Software", 450, LeadSource.WEBINAR,
                "Webinar", "q1-webinar", LeadOrigin.MARKETING);
    }

    /** Asserts that {@code text} (what is stored, or a log) holds none of {@code markers}. */
    public static void assertNoMarker(String where, String text, List<String> markers) {
        for (String marker : markers) {
            assertThat(text).as(where).doesNotContain(marker);
        }
    }

    /** Every document of every collection of {@code db} whose {@code _id} is the lead's, as JSON lines. */
    public static String storedDocuments(MongoDatabase db, String leadId) {
        List<String> found = new ArrayList<>();
        for (String collection : db.listCollectionNames()) {
            for (Document doc : db.getCollection(collection).find(new Document("_id", leadId))) {
                found.add(collection + ": " + doc.toJson());
            }
        }
        return String.join("\n", found);
    }

    /** The log lines at INFO and above written while it is open. */
    public static final class LogCapture implements AutoCloseable {
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Handler handler = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(formatter.format(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        private LogCapture() {
            Logger.getLogger("").addHandler(handler);
        }

        /** Starts capturing. */
        public static LogCapture start() {
            return new LogCapture();
        }

        public List<String> lines() {
            return List.copyOf(lines);
        }

        /** Asserts that no captured line quotes a marker. */
        public void assertNoMarker(List<String> markers) {
            for (String marker : markers) {
                assertThat(lines).as("log lines at INFO and above").noneMatch(line -> line.contains(marker));
            }
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(handler);
        }
    }
}
