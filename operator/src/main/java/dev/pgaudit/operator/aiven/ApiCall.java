package dev.pgaudit.operator.aiven;

import okhttp3.HttpUrl;

/**
 * One Aiven request as the client plans it. {@code operation} ("read service acme/pg-orders")
 * and {@code subject} ("Aiven service acme/pg-orders") are what error messages say; neither ever
 * holds the token.
 */
record ApiCall(String method, String pathTemplate, HttpUrl url, String jsonBody, String operation, String subject) {

  static ApiCall get(String template, HttpUrl url, String operation, String subject) {
    return new ApiCall("GET", template, url, null, operation, subject);
  }

  static ApiCall put(String template, HttpUrl url, String body, String operation, String subject) {
    return new ApiCall("PUT", template, url, body, operation, subject);
  }

  static ApiCall post(String template, HttpUrl url, String body, String operation, String subject) {
    return new ApiCall("POST", template, url, body, operation, subject);
  }

  static ApiCall delete(String template, HttpUrl url, String operation, String subject) {
    return new ApiCall("DELETE", template, url, null, operation, subject);
  }
}
