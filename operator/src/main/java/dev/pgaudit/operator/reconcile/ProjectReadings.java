package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.aiven.AivenApiException;
import dev.pgaudit.operator.aiven.AivenClient;
import dev.pgaudit.operator.aiven.AivenService;
import dev.pgaudit.operator.plan.ServiceKey;
import dev.pgaudit.operator.postgres.PgConnectionParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One reading of {@code GET /project/{project}/service} per (project, token), shared by every
 * policy on every service of that project (reference §7.3): it carries each service's user_config
 * and integrations, so a resync of the whole project costs one request. Concurrent reconciles that
 * need a newer reading than the last one join the one in flight instead of sending their own.
 *
 * <p>The operator's own writes update the reading (a PUT answers with the service, a POST with the
 * integration), and a reading that was sent before such a write does not undo it when it lands.
 * The avnadmin credentials are read (include_secrets=true) only when a policy needs them and none
 * are kept for its service; they are kept until PostgreSQL refuses them, never logged. The lock
 * here guards only memory: no thread holds it while a request is on the network.
 */
final class ProjectReadings {
  record Key(String project, String tokenFingerprint) {}

  /** Services by name, as read by a request sent at {@code sentAt}. */
  private record Reading(Map<String, AivenService> services, Instant sentAt) {}

  /** A write of this operator: it wins over readings sent before it. */
  private record Written(AivenService service, Instant at) {}

  private static final class State {
    Reading last;
    CompletableFuture<Reading> inFlight;
    Instant inFlightSentAt;
    boolean inFlightSecrets;
    final Map<String, Written> written = new HashMap<>();
    /** Services whose state is unknown since a failed write (the instant of the failure). */
    final Map<String, Instant> unsure = new HashMap<>();
    final Map<String, PgConnectionParams> credentials = new HashMap<>();
  }

  private final Clock clock;
  private final Map<Key, State> states = new ConcurrentHashMap<>();

  ProjectReadings(Clock clock) {
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * The service as read by a request sent no earlier than {@code notSentBefore} (or as this
   * operator wrote it since), with its kept avnadmin connection; reads the project when needed.
   *
   * @throws AivenApiException the reading failed, or the service is not in the project (404)
   */
  AivenService service(ServiceKey service, AivenClient aiven, String tokenFingerprint, Instant notSentBefore,
      boolean needCredentials) {
    State state = state(service, tokenFingerprint);
    while (true) {
      Flight flight;
      synchronized (state) {
        AivenService known = known(state, service.service(), notSentBefore, needCredentials);
        if (known != null) return known;
        // Secrets only when this service's credentials are not kept already.
        flight = flight(state, notSentBefore, needCredentials && !state.credentials.containsKey(service.service()));
      }
      Reading reading = await(state, flight, aiven, service.project());
      synchronized (state) {
        Instant failedAt = state.unsure.get(service.service());
        // A write failed after this reading was sent: only a newer one tells what the service holds.
        if (failedAt != null && !failedAt.isBefore(reading.sentAt())) {
          notSentBefore = failedAt;
          continue;
        }
        Written written = state.written.get(service.service());
        AivenService found = written != null ? written.service() : reading.services().get(service.service());
        if (found == null) {
          throw new AivenApiException(404, "Aiven service " + service + " not found (it is not among the services"
              + " of project " + service.project() + ")", "Service " + service.service() + " does not exist", false, null);
        }
        return withCredentials(found, state.credentials.get(service.service()));
      }
    }
  }

  /**
   * The service as a reading sent no earlier than {@code notSentBefore} shows it (or as this operator
   * wrote it since), without credentials; empty when that reading does not list it. Unlike
   * {@link #service}, a service missing from a good-enough reading costs no new request: a sink's
   * destination is looked up here, in the reading its source's policies share.
   *
   * @throws AivenApiException the reading failed (404: the project does not exist)
   */
  Optional<AivenService> find(ServiceKey service, AivenClient aiven, String tokenFingerprint, Instant notSentBefore) {
    State state = state(service, tokenFingerprint);
    while (true) {
      Flight flight;
      synchronized (state) {
        if (state.last != null && !state.last.sentAt().isBefore(notSentBefore)
            && !state.unsure.containsKey(service.service())) {
          return Optional.ofNullable(current(state, state.last, service.service()));
        }
        flight = flight(state, notSentBefore, false);
      }
      Reading reading = await(state, flight, aiven, service.project());
      synchronized (state) {
        Instant failedAt = state.unsure.get(service.service());
        if (failedAt != null && !failedAt.isBefore(reading.sentAt())) {
          notSentBefore = failedAt;
          continue;
        }
        return Optional.ofNullable(current(state, reading, service.service()));
      }
    }
  }

  /**
   * The service from a reading sent after this operator's last write of it and at most {@code interval}
   * ago: what Aiven says now of an integration that was starting. Every policy of the project that
   * waits shares it, so the project is read at most once per interval however many wait.
   */
  AivenService reread(ServiceKey service, AivenClient aiven, String tokenFingerprint, Duration interval,
      boolean needCredentials) {
    State state = state(service, tokenFingerprint);
    Instant notSentBefore = clock.instant().minus(interval);
    synchronized (state) {
      Written written = state.written.get(service.service());
      // Its own write is what the older readings are overruled by: only a later one can tell more.
      if (written != null && written.at().isAfter(notSentBefore)) notSentBefore = written.at().plusNanos(1);
    }
    return service(service, aiven, tokenFingerprint, notSentBefore, needCredentials);
  }

  /** This operator's write of a service, as Aiven answered it (or as planned, when it answered nothing usable). */
  void wrote(ServiceKey service, String tokenFingerprint, AivenService written) {
    State state = states.get(new Key(service.project(), tokenFingerprint));
    if (state == null) return;
    synchronized (state) {
      state.written.put(service.service(), new Written(written, clock.instant()));
    }
  }

  /** A write failed: what the service now holds is unknown to every token until read again. */
  void unsure(ServiceKey service) {
    Instant at = clock.instant();
    states.forEach((key, state) -> {
      if (!key.project().equals(service.project())) return;
      synchronized (state) {
        state.written.remove(service.service());
        state.unsure.put(service.service(), at);
      }
    });
  }

  /** PostgreSQL refused the kept credentials (or could not be reached with them): read them again. */
  void forgetCredentials(ServiceKey service) {
    states.forEach((key, state) -> {
      if (!key.project().equals(service.project())) return;
      synchronized (state) {
        state.credentials.remove(service.service());
      }
    });
  }

  private State state(ServiceKey service, String tokenFingerprint) {
    return states.computeIfAbsent(new Key(service.project(), tokenFingerprint), k -> new State());
  }

  /** A reading on its way: one already in flight that is good enough, or a new one this caller sends. */
  private record Flight(CompletableFuture<Reading> future, boolean mine, boolean withSecrets) {}

  /** Called holding the state's lock. */
  private Flight flight(State state, Instant notSentBefore, boolean secretsNeeded) {
    if (state.inFlight != null && !state.inFlightSentAt.isBefore(notSentBefore)
        && (state.inFlightSecrets || !secretsNeeded)) {
      return new Flight(state.inFlight, false, state.inFlightSecrets);
    }
    CompletableFuture<Reading> mine = new CompletableFuture<>();
    state.inFlight = mine;
    state.inFlightSentAt = clock.instant();
    state.inFlightSecrets = secretsNeeded;
    return new Flight(mine, true, secretsNeeded);
  }

  /** Sends the reading when it is the caller's own, and waits for it. */
  private Reading await(State state, Flight flight, AivenClient aiven, String project) {
    if (flight.mine()) read(state, flight.future(), aiven, project, flight.withSecrets());
    try {
      return flight.future().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AivenApiException aivenError) throw aivenError;
      throw e;
    }
  }

  private void read(State state, CompletableFuture<Reading> mine, AivenClient aiven, String project, boolean withSecrets) {
    Instant sentAt;
    synchronized (state) {
      sentAt = state.inFlightSentAt;
    }
    try {
      Map<String, AivenService> services = new HashMap<>();
      for (AivenService s : aiven.listServices(project, withSecrets)) services.put(s.name(), s);
      Reading reading = new Reading(Map.copyOf(services), sentAt);
      synchronized (state) {
        land(state, reading, withSecrets);
        if (state.inFlight == mine) state.inFlight = null;
      }
      mine.complete(reading);
    } catch (RuntimeException e) {
      synchronized (state) {
        if (state.inFlight == mine) state.inFlight = null;
      }
      mine.completeExceptionally(e);
    }
  }

  private static void land(State state, Reading reading, boolean withSecrets) {
    if (state.last == null || !reading.sentAt().isBefore(state.last.sentAt())) state.last = reading;
    state.written.values().removeIf(w -> w.at().isBefore(reading.sentAt()));
    state.unsure.values().removeIf(at -> at.isBefore(reading.sentAt()));
    if (withSecrets) {
      reading.services().forEach((name, s) -> {
        if (s.connection() != null) state.credentials.put(name, s.connection());
      });
    }
  }

  /** What is known of the service and good enough for the caller, or null when a reading is needed. */
  private static AivenService known(State state, String name, Instant notSentBefore, boolean needCredentials) {
    if (state.last == null || state.last.sentAt().isBefore(notSentBefore) || state.unsure.containsKey(name)) return null;
    PgConnectionParams credentials = state.credentials.get(name);
    if (needCredentials && credentials == null) return null;
    AivenService service = current(state, state.last, name);
    if (service == null) return null;
    return withCredentials(service, credentials);
  }

  /** The service as this operator last wrote it, else as the reading shows it (null when it does not). */
  private static AivenService current(State state, Reading reading, String name) {
    Written written = state.written.get(name);
    return written != null ? written.service() : reading.services().get(name);
  }

  private static AivenService withCredentials(AivenService s, PgConnectionParams credentials) {
    return new AivenService(s.project(), s.name(), s.type(), s.state(), s.pgVersion(), s.userConfig(), s.pgaudit(),
        credentials, s.integrations());
  }
}
