package org.thinspice.controller.http;

/** One endpoint's logic: a request in, a response out; refusals are thrown as {@link ApiException}. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
