package dev.pgaudit.testkit.aiven;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service as the simulator stores it. Guarded by the {@link SimState} lock. */
final class SimService {
  final String project;
  final String name;
  final String type;
  final Instant createTime;
  String plan = "startup-4";
  String cloud = "google-europe-west1";
  String state = "RUNNING";
  Instant updateTime;
  boolean terminationProtection;
  ObjectNode userConfig;
  /** All values are strings, port too, as Aiven sends them. */
  final Map<String, String> uriParams = new LinkedHashMap<>();
  final String uriScheme;
  /** OpenSearch only: the Dashboards URL without credentials (component opensearch_dashboards), null for none. */
  java.net.URI dashboardsUri;
  /** The real PostgreSQL this service stands for, when linked; told about every pgaudit change. */
  PgauditControlPlane controlPlane;

  SimService(String project, String name, String type, String uriScheme, ObjectNode userConfig, Instant now) {
    this.project = project;
    this.name = name;
    this.type = type;
    this.uriScheme = uriScheme;
    this.userConfig = userConfig;
    this.createTime = now;
    this.updateTime = now;
  }

  /** Tells the linked PostgreSQL (if any) that user_config changed; {@code pgauditBefore} is the old pgaudit block. */
  void userConfigChanged(com.fasterxml.jackson.databind.JsonNode pgauditBefore) {
    if (controlPlane != null) controlPlane.changed(this, pgauditBefore);
  }

  String adminUser() { return uriParams.getOrDefault("user", "avnadmin"); }

  String adminPassword() { return uriParams.get("password"); }

  /** postgres://user:password@host:port/dbname?sslmode=... (or https://... for OpenSearch). */
  String serviceUri(String password) {
    String base = uriScheme + "://" + adminUser() + ":" + password + "@" + uriParams.get("host") + ":" + uriParams.get("port");
    if (!"pg".equals(type)) return base;
    return base + "/" + uriParams.get("dbname") + "?sslmode=" + uriParams.get("sslmode");
  }
}
