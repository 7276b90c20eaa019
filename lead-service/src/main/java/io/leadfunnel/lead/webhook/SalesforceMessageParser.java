package io.leadfunnel.lead.webhook;

import io.leadfunnel.runtime.problem.ProblemException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Salesforce outbound message (SOAP 1.1) with StAX. Hardened against XXE and entity expansion: DTDs and
 * external entities are switched off, and a document that declares a DTD at all is refused.
 */
final class SalesforceMessageParser {

    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound";
    static final String XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
    /** Deepest element nesting accepted; an outbound message needs six levels. */
    static final int MAX_DEPTH = 32;

    private SalesforceMessageParser() {
    }

    /** A factory per message: cheap, and factories are not documented as thread-safe. */
    private static XMLInputFactory createFactory() {
        // the JDK's own implementation, whatever else is on the class path, so the hardening below is known to apply
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    /**
     * @throws ProblemException 400 when the body is not a well-formed outbound message, 413 when it holds more than
     *                          {@code maxNotifications}
     */
    static SalesforceMessage parse(byte[] body, int maxNotifications) {
        if (body.length == 0) {
            throw ProblemException.malformed("the body is empty", null);
        }
        XMLStreamReader reader = null;
        try {
            reader = createFactory().createXMLStreamReader(new ByteArrayInputStream(body));
            return read(reader, maxNotifications);
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")";
            throw ProblemException.malformed("the body is not well-formed XML" + where, null);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // the JDK's parser reports some malformed prologs with an internal error (a missing message resource)
            // instead of an XMLStreamException; the body is still the sender's fault, not a server failure
            throw ProblemException.malformed("the body is not well-formed XML", null);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing held open: the input is a byte array
                }
            }
        }
    }

    private static SalesforceMessage read(XMLStreamReader reader, int maxNotifications) throws XMLStreamException {
        List<String> path = new ArrayList<>();
        String organizationId = null;
        boolean sawNotifications = false;
        List<SalesforceMessage.Notification> notifications = new ArrayList<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw ProblemException.malformed("document type declarations and entities are not accepted", null);
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                path.remove(path.size() - 1);
                continue;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String ns = reader.getNamespaceURI();
            String name = reader.getLocalName();
            int depth = path.size();
            if (depth >= MAX_DEPTH) {
                throw ProblemException.malformed("elements are nested deeper than " + MAX_DEPTH + " levels", null);
            }
            if (depth == 0 && !(SOAP_NS.equals(ns) && name.equals("Envelope"))) {
                throw ProblemException.malformed("the body is not a SOAP 1.1 envelope", null);
            }
            if (depth == 2 && path.get(1).equals("Body") && OUTBOUND_NS.equals(ns) && name.equals("notifications")) {
                sawNotifications = true;
            }
            if (depth == 3 && sawNotifications && path.get(2).equals("notifications") && OUTBOUND_NS.equals(ns)) {
                if (name.equals("OrganizationId")) {
                    organizationId = text(reader);
                    continue; // text() consumed the end tag
                }
                if (name.equals("Notification")) {
                    if (notifications.size() == maxNotifications) {
                        throw ProblemException.tooLarge("a message may hold at most " + maxNotifications
                                + " notifications");
                    }
                    notifications.add(notification(reader, notifications.size()));
                    continue; // notification() consumed the end tag
                }
            }
            path.add(name);
        }
        if (!sawNotifications) {
            throw ProblemException.malformed("the envelope holds no notifications element of namespace " + OUTBOUND_NS,
                    null);
        }
        return new SalesforceMessage(organizationId, notifications);
    }

    /** Reads a {@code Notification} element up to and including its end tag. */
    private static SalesforceMessage.Notification notification(XMLStreamReader reader, int index)
            throws XMLStreamException {
        String id = null;
        boolean hasSObject = false;
        String type = null;
        Map<String, String> fields = new HashMap<>();
        while (reader.next() != XMLStreamConstants.END_ELEMENT) {
            if (reader.getEventType() == XMLStreamConstants.DTD
                    || reader.getEventType() == XMLStreamConstants.ENTITY_REFERENCE) {
                throw ProblemException.malformed("entities are not accepted", null);
            }
            if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (reader.getLocalName()) {
                case "Id" -> id = text(reader);
                case "sObject" -> {
                    hasSObject = true;
                    String xsiType = reader.getAttributeValue(XSI_NS, "type");
                    type = xsiType == null ? null : xsiType.substring(xsiType.indexOf(':') + 1);
                    while (reader.next() != XMLStreamConstants.END_ELEMENT) {
                        if (reader.getEventType() == XMLStreamConstants.START_ELEMENT) {
                            String field = reader.getLocalName();
                            boolean nil = "true".equals(reader.getAttributeValue(XSI_NS, "nil"));
                            String value = text(reader);
                            fields.put(field, nil || value == null || value.isBlank() ? null : value);
                        }
                    }
                }
                default -> skip(reader);
            }
        }
        return new SalesforceMessage.Notification(index, id, hasSObject, type, fields);
    }

    /** The text of a simple element, consuming its end tag; nested elements are skipped. */
    private static String text(XMLStreamReader reader) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (depth == 1) {
                        text.append(reader.getText());
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++depth > MAX_DEPTH) {
                        throw ProblemException.malformed("elements are nested deeper than " + MAX_DEPTH + " levels",
                                null);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw ProblemException.malformed("entities are not accepted", null);
                default -> {
                }
            }
        }
        String value = text.toString().trim();
        return value.isEmpty() ? null : value;
    }

    private static void skip(XMLStreamReader reader) throws XMLStreamException {
        text(reader);
    }
}
