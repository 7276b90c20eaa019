package io.leadfunnel.runtime.problem;

import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aBodyCutOffByTheClientClosingItsConnectionIsTheRequestsFaultNotAnInternalError() {
        Response closedChannel = mappers.unexpected(new UncheckedIOException("reading the body failed",
                new IOException(new ClosedChannelException())), null);
        Response closedHttp = mappers.unexpected(new UncheckedIOException("reading the body failed",
                new IOException(new HttpClosedException("Connection was closed"))), null);

        for (Response response : new Response[] {closedChannel, closedHttp}) {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(((Problem) response.getEntity()).type()).endsWith("malformed-request");
        }
    }

    @Test
    void anyOtherUnexpectedFailureIsAnInternalErrorWithAReference() {
        Response response = mappers.unexpected(new UncheckedIOException("disk full", new IOException("No space")),
                null);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((Problem) response.getEntity()).reference()).isNotBlank();
    }
}
