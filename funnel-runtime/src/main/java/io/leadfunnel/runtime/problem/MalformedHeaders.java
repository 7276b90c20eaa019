package io.leadfunnel.runtime.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before the request is routed, a {@code Content-Type} that is no media type at all ({@code ;},
 * {@code t=1,v1=…}, an empty value): 400 problem naming the header. Without it, a path served by several methods that
 * differ in the types they produce (a report as JSON and as CSV) failed while choosing the method, with a 500.
 */
public class MalformedHeaders {

    @ServerRequestFilter(preMatching = true)
    public Response contentType(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return null;
        }
        try {
            MediaType.valueOf(contentType);
            return null;
        } catch (IllegalArgumentException e) {
            return ProblemMappers.respond(ProblemException.malformed("the Content-Type header is not a media type"
                    + " (type/subtype, then parameters)", HttpHeaders.CONTENT_TYPE), request.getUriInfo());
        }
    }
}
