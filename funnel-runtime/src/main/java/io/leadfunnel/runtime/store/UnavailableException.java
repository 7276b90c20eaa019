package io.leadfunnel.runtime.store;

/** A dependency other than MongoDB (the broker a dead letter goes to) did not answer: transient, waited out. */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
