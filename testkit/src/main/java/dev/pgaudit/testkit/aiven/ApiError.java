package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answer in Aiven's shape: {"message", "errors": [{"message", "status", "error_code"?}]}. */
final class ApiError extends RuntimeException {
  private final int status;
  private final String errorCode;

  ApiError(int status, String message, String errorCode) {
    super(message, null, false, false);
    this.status = status;
    this.errorCode = errorCode;
  }

  int status() { return status; }

  ObjectNode body() {
    return body(status, getMessage(), errorCode);
  }

  static ObjectNode body(int status, String message, String errorCode) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("message", message);
    ObjectNode item = body.putArray("errors").addObject();
    item.put("message", message);
    item.put("status", status);
    if (errorCode != null) item.put("error_code", errorCode);
    return body;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message, null);
  }

  static ApiError invalidUserConfig(String detail) {
    return new ApiError(400, "Invalid 'user_config': " + detail, null);
  }

  static ApiError serviceNotFound(String service) {
    return new ApiError(404, "Service " + service + " does not exist", "service_not_found");
  }

  static ApiError projectNotFound(String project) {
    return new ApiError(404, "Project " + project + " does not exist", "project_does_not_exist");
  }

  static ApiError integrationNotFound(String id) {
    return new ApiError(404, "Service integration " + id + " does not exist", "service_integration_not_found");
  }

  static ApiError unauthenticated() {
    return new ApiError(401, "Missing (expired) db token", null);
  }

  static ApiError forbidden(String message) {
    return new ApiError(403, message, "permission_denied");
  }

  static ApiError notPowered() {
    return new ApiError(409, "Database not powered on", "not_powered");
  }
}
