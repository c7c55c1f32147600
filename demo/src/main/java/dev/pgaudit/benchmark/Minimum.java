package dev.pgaudit.benchmark;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The least a correct operator must do (issue 17): reads are per project, writes per change.
 * Converging takes one list of each project's services (GET /project/{p}/service, with secrets:
 * it carries every service's user_config, integrations and avnadmin credentials, and the sinks'
 * destinations), one PUT per service (the feature flag together with the Service-scope keys), one
 * create per sink, one settings query per service with SQL scopes, and one SET per managed SQL
 * setting (a setting several policies manage on one target with one value is one); Kubernetes
 * sees a finalizer, a write of the applied record and a status per policy plus one Event per change.
 * The applied record is written ahead of the policy's first writes (what is about to be written is
 * on record before it is written, so that an edit or a delete can undo exactly that), so each policy
 * that writes costs one. A resync of everything at
 * rest takes one list per project and one settings query per service with SQL
 * scopes, and writes nothing.
 *
 * <p>Counted because truth needs it: one re-read of each project with a sink, which sees the new
 * integrations active (they start inactive, reference §7.4, and SinkIntegrated waits for Aiven to say
 * so). Every waiting policy of a project shares it; more than one happens only while some are still
 * starting at the first (at most one per re-check interval), and those extra ones are not counted.
 */
final class Minimum {
  private Minimum() {}

  static Cost initialConvergence(Fleet fleet) {
    int projects = fleet.projects().size();
    Cost total = new Cost(projects, projects, 0, 0, 0, 0);
    for (int s = 0; s < fleet.workload().services(); s++) {
      boolean sink = fleet.hasSink(s);
      long changes = 1 + (sink ? 1 : 0);
      total = total.plus(new Cost(1 + (sink ? 1 : 0), 0, 0, 0, fleet.hasSql(s) ? 1 : 0, changes));
    }
    // Policies sharing a database share its pgaudit.log (the same value): it is written once.
    Set<String> sqlSettings = new HashSet<>();
    for (Fleet.Member m : fleet.members()) {
      sqlSettings.addAll(m.sqlSettings());
      // finalizer, applied record, status; an Event per SQL target changed
      total = total.plus(new Cost(0, 0, 0, 0, 0, 3 + m.sqlTargets()));
    }
    long projectsWithSink = IntStream.range(0, fleet.workload().services()).filter(fleet::hasSink)
        .mapToObj(s -> fleet.workload().projectOf(s)).distinct().count();
    return total.plus(new Cost(projectsWithSink, projectsWithSink, 0, sqlSettings.size(), 0, 0));
  }

  static Cost resyncOfEverything(Fleet fleet) {
    int projects = fleet.projects().size();
    Cost total = new Cost(projects, projects, 0, 0, 0, 0);
    for (int s = 0; s < fleet.workload().services(); s++) {
      total = total.plus(new Cost(0, 0, 0, 0, fleet.hasSql(s) ? 1 : 0, 0));
    }
    return total;
  }
}
