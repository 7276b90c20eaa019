package io.leadfunnel.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;

/** The parts of handoff-service's API the sales team uses; {@link HandoffApiClient} calls them over HTTP. */
interface HandoffApi {

    /** The routing table's fallback queue, {@code inbound} when the table cannot be read. */
    String fallbackQueue() throws IOException, InterruptedException;

    /** Puts a rep in a team; the answer is not checked (a rep who cannot act shows as refused actions). */
    void joinTeam(String rep, String team) throws IOException, InterruptedException;

    /**
     * The hand-offs at a stage ({@code MQL}, {@code SAL}, {@code SQL}), at most 50.
     *
     * @throws IOException when the list cannot be read
     */
    List<JsonNode> handoffs(String stage) throws IOException, InterruptedException;

    /** A rep's action on a lead's hand-off: {@code accept}, {@code reject}, {@code qualify} or {@code close}. */
    Reply act(String rep, String lead, String action, ObjectNode body) throws IOException, InterruptedException;

    /** The status and body of an action's answer. */
    record Reply(int status, String body) {
    }
}
