package io.leadfunnel.handoff;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** Test-only endpoints that show the service's token verification and its deny-by-default rule at work. */
@Path("/test-only/security-probe")
public class SecurityProbeResource {

    static final String ROLE = "sales-ops";

    @GET
    @Path("role")
    @RolesAllowed(ROLE)
    public String withRole(@Context SecurityContext security) {
        return security.getUserPrincipal().getName();
    }

    @GET
    @Path("unannotated")
    public String unannotated() {
        return "must never be served";
    }
}
