package dev.pgaudit.testkit.aiven;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the simulated Aiven account holds: tokens, projects, services, integrations. One
 * lock (this object) guards it all; request handlers hold it for a whole request so every
 * request is atomic.
 */
final class SimState {

  /** What a token may do: {@code projects} null means every project. */
  record TokenGrant(Set<String> projects, boolean canReadSecrets) {
    boolean mayAccess(String project) { return projects == null || projects.contains(project); }
  }

  private final Clock clock;
  private final Map<String, TokenGrant> tokens = new HashMap<>();
  private final Map<String, Map<String, SimService>> projects = new LinkedHashMap<>();
  private final Map<String, SimIntegration> integrations = new LinkedHashMap<>();

  SimState(Clock clock) {
    this.clock = clock;
  }

  Instant now() { return clock.instant(); }

  synchronized void putToken(String token, TokenGrant grant) { tokens.put(token, grant); }

  synchronized void revokeToken(String token) { tokens.remove(token); }

  synchronized TokenGrant grant(String token) { return token == null ? null : tokens.get(token); }

  synchronized void addProject(String project) { projects.computeIfAbsent(project, p -> new LinkedHashMap<>()); }

  synchronized boolean hasProject(String project) { return projects.containsKey(project); }

  synchronized void requireProject(String project) {
    if (!projects.containsKey(project)) throw ApiError.projectNotFound(project);
  }

  synchronized void addService(SimService service) {
    Map<String, SimService> services = projects.computeIfAbsent(service.project, p -> new LinkedHashMap<>());
    if (services.containsKey(service.name)) {
      throw new IllegalStateException("service " + service.project + "/" + service.name + " already exists");
    }
    services.put(service.name, service);
  }

  synchronized void removeService(String project, String name) {
    service(project, name);
    projects.get(project).remove(name);
    integrations.values().removeIf(i -> i.involves(project, name, true));
  }

  /** The service, or 404 "Service X does not exist" (also when the project is unknown). */
  synchronized SimService service(String project, String name) {
    SimService service = projects.getOrDefault(project, Map.of()).get(name);
    if (service == null) throw ApiError.serviceNotFound(name);
    return service;
  }

  synchronized List<SimService> services(String project) {
    requireProject(project);
    return new ArrayList<>(projects.get(project).values());
  }

  synchronized SimIntegration integration(String project, String id) {
    SimIntegration integration = integrations.get(id);
    if (integration == null || !integration.project.equals(project)) throw ApiError.integrationNotFound(id);
    return integration;
  }

  synchronized List<SimIntegration> integrationsOf(String project, String service, boolean includeDestinationSide) {
    return integrations.values().stream().filter(i -> i.involves(project, service, includeDestinationSide)).toList();
  }

  synchronized List<SimIntegration> integrationsIn(String project) {
    return integrations.values().stream().filter(i -> i.project.equals(project)).toList();
  }

  synchronized SimIntegration findLink(String type, String sp, String ss, String dp, String ds) {
    return integrations.values().stream().filter(i -> i.sameLink(type, sp, ss, dp, ds)).findFirst().orElse(null);
  }

  synchronized void addIntegration(SimIntegration integration) { integrations.put(integration.id, integration); }

  synchronized void removeIntegration(String id) { integrations.remove(id); }
}
