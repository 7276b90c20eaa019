package io.leadfunnel.lead.rest;

import io.leadfunnel.lead.config.ApiConfig;
import io.leadfunnel.runtime.problem.ProblemException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits request bodies of the annotated resources to {@code funnel.api.max-body-bytes} with a 413 problem response.
 * A declared {@code Content-Length} is checked before anything is read; a body without one (chunked) is counted while
 * it is read. The HTTP layer's own limit ({@code quarkus.http.limits.max-body-size}) stays the outer guard.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface BodyLimit {

    /** Refuses a declared length over the limit before the body is read. */
    @Provider
    @BodyLimit
    class DeclaredLength implements ContainerRequestFilter {

        // looked up per request: providers are built during static initialization, before runtime config exists
        private final Instance<ApiConfig> config;

        public DeclaredLength(Instance<ApiConfig> config) {
            this.config = config;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
            if (length == null) {
                return;
            }
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return; // the HTTP layer refuses malformed lengths itself
            }
            if (declared > config.get().maxBodyBytes()) {
                throw Bounded.tooLarge(config.get().maxBodyBytes());
            }
        }
    }

    /** Counts the bytes of a body read without a declared length. */
    @Provider
    @BodyLimit
    class CountedLength implements ReaderInterceptor {

        // looked up per request: providers are built during static initialization, before runtime config exists
        private final Instance<ApiConfig> config;

        public CountedLength(Instance<ApiConfig> config) {
            this.config = config;
        }

        @Override
        public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
            context.setInputStream(new Bounded(context.getInputStream(), config.get().maxBodyBytes()));
            return context.proceed();
        }
    }

    /** Fails the read once more than the limit was read. */
    final class Bounded extends FilterInputStream {
        private final int limit;
        private long count;

        Bounded(InputStream in, int limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        static ProblemException tooLarge(int limit) {
            return ProblemException.tooLarge("the request body is larger than " + limit + " bytes");
        }

        private void count(int n) {
            count += n;
            if (count > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
