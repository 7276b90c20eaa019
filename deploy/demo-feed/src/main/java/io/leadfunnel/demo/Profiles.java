package io.leadfunnel.demo;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;

/**
 * The contacts of the demo: about 62 % target accounts (VP / C-level, target industries and countries, 201-1000
 * employees) that should become MQLs; the rest students, free-mail addresses and small companies, which stay at LEAD.
 */
final class Profiles {

    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Linus", "Margaret", "Edsger", "Barbara", "Ken",
            "Frances", "Donald", "Radia", "Niklaus", "Hedy", "Tim", "Katherine", "Bjarne", "Sophie", "Lukas", "Emma",
            "Jonas", "Chloé", "Pieter", "Anna", "Marco"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Dijkstra", "Liskov",
            "Thompson", "Allen", "Knuth", "Perlman", "Wirth", "Lamarr", "Berners-Lee", "Johnson", "Stroustrup",
            "Müller", "Schmid", "Dubois", "de Vries", "Huber", "Rossi", "Weber", "Janssen"};
    private static final String[] COMPANY = {"Nordwerk", "Alpen Logistik", "Brightpath Software", "Helvetia Health",
            "Kanal Finance", "Rheinmetall Parts", "Tulip Systems", "Seine Analytics", "Thames Capital",
            "Danube Freight", "Blackforest Robotics", "Lakeside Medical", "Harbor Freight Lines", "Summit Insurance",
            "Atlas Machines"};
    static final String[] GOOD_TITLE = {"VP Sales", "VP of Marketing", "CTO", "Chief Revenue Officer",
            "Vice President Operations", "CIO", "Head of Digital", "Director of IT", "CEO", "Founder"};
    static final String[] GOOD_INDUSTRY = {"Software", "Manufacturing", "Financial Services", "Healthcare",
            "Logistics"};
    static final String[] GOOD_COUNTRY = {"DE", "AT", "CH", "US", "GB", "FR", "NL"};

    private final Random random;

    /** @param random shared with the senders: the order of the draws makes a seed's demo what it is */
    Profiles(Random random) {
        this.random = random;
    }

    /** The {@code n}th contact; {@code n} makes its e-mail address unique within the run. */
    Profile next(int n) {
        String first = pick(random, FIRST);
        String last = pick(random, LAST);
        String local = (ascii(first) + "." + ascii(last)).replace(" ", "").toLowerCase(Locale.ROOT) + n;
        String company = pick(random, COMPANY);
        String domain = ascii(company).toLowerCase(Locale.ROOT).replace(' ', '-') + ".example";
        double roll = random.nextDouble();
        if (roll < 0.62) {
            return new Profile(first, last, local + "@" + domain, company, domain, pick(random, GOOD_TITLE),
                    pick(random, GOOD_COUNTRY), pick(random, GOOD_INDUSTRY), 201 + random.nextInt(800), true,
                    "target account");
        }
        if (roll < 0.74) {
            return new Profile(first, last, local + "@student.uni-example.edu", "University of Example",
                    "uni-example.edu", "Student", pick(random, GOOD_COUNTRY), "Education", 20000, false, "student");
        }
        if (roll < 0.86) {
            return new Profile(first, last, local + "@" + pick(random, "gmail.com", "yahoo.com", "gmx.de"),
                    company, domain, pick(random, GOOD_TITLE), pick(random, GOOD_COUNTRY), pick(random, GOOD_INDUSTRY),
                    201 + random.nextInt(800), false, "free mail");
        }
        return new Profile(first, last, local + "@" + domain, first + "'s Studio", domain,
                pick(random, "Freelancer", "Consultant", "Office Manager"), pick(random, "BR", "IN", "ZA", "DE"),
                pick(random, "Retail", "Hospitality", "Software"), 1 + random.nextInt(12), false, "small company");
    }

    /** One of {@code values}, drawn with one {@code nextInt}. */
    static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    /** Addresses and domains in plain ASCII: Chloé becomes chloe, Müller muller. */
    private static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("[^\\p{ASCII}]", "")
                .replaceAll("[^A-Za-z0-9 .-]", "");
    }
}
