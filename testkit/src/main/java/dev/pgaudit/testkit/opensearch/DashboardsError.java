package dev.pgaudit.testkit.opensearch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answer in Dashboards' Boom shape {statusCode, error, message[, attributes]} (reference §3 [I]). */
final class DashboardsError extends RuntimeException {
  final int status;
  final ObjectNode body;

  DashboardsError(int status, String message) {
    super(message);
    this.status = status;
    this.body = JsonNodeFactory.instance.objectNode();
    body.put("statusCode", status);
    body.put("error", switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 409 -> "Conflict";
      default -> "Internal Server Error";
    });
    body.put("message", message);
  }

  static DashboardsError notFound(String type, String id) {
    return new DashboardsError(404, "Saved object [" + type + "/" + id + "] not found");
  }

  static DashboardsError badRequest(String message) {
    return new DashboardsError(400, message);
  }
}
