package dev.pgaudit.operator.dashboards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Makes one service's audit objects true in one Dashboards: reads each, creates what is missing,
 * rewrites what drifted (with the version read, so a concurrent edit is a 409, not lost), refreshes
 * a stale field list the way "Refresh field list" does. An index pattern with the same title that
 * the operator did not make is used by the saved search and never written.
 */
public final class DashboardsSetup {

  /** What {@link #ensure} found: the pattern the search uses, whether someone else made it, and what was written. */
  public record Result(String patternId, boolean handMade, List<String> writes) {}

  private final DashboardsClient client;

  public DashboardsSetup(DashboardsClient client) {
    this.client = client;
  }

  public Result ensure(AuditObjects objects) {
    List<String> writes = new ArrayList<>();
    String patternId = objects.indexPatternId();
    Optional<SavedObject> ours = client.get(AuditObjects.INDEX_PATTERN, patternId);
    boolean handMade = false;
    if (ours.isEmpty()) {
      Optional<SavedObject> theirs = client.indexPatternsTitled(objects.title()).stream()
          .filter(o -> !o.id().startsWith(AuditObjects.ID_PREFIX))
          .min(Comparator.comparing(SavedObject::id));
      if (theirs.isPresent()) {
        handMade = true;
        patternId = theirs.get().id();
      } else {
        client.create(AuditObjects.INDEX_PATTERN, patternId, objects.indexPatternAttributes(), null);
        writes.add("created index pattern " + objects.title() + " (id " + patternId + ")");
      }
    } else {
      SavedObject pattern = ours.get();
      if (!objects.indexPatternMatches(pattern)) {
        var attributes = objects.indexPatternAttributes();
        if (!objects.title().equals(pattern.text("title"))) {
          // Another title, other indexes: only the scripted fields still apply.
          attributes.put("fields", AuditObjects.refreshed(JsonNodeFactory.instance.arrayNode(), AuditObjects.storedFields(pattern)));
        }
        client.update(AuditObjects.INDEX_PATTERN, patternId, pattern.version(), attributes, null);
        writes.add("corrected index pattern " + patternId + " (title " + objects.title() + ", time field "
            + AuditObjects.TIME_FIELD + ")");
      } else if (refreshFields(objects, pattern)) {
        writes.add("refreshed the field list of index pattern " + objects.title() + " (" + AuditObjects.AUDIT_MARKER
            + " was missing)");
      }
    }
    Optional<SavedObject> search = client.get(AuditObjects.SEARCH, objects.searchId());
    if (search.isEmpty()) {
      client.create(AuditObjects.SEARCH, objects.searchId(), objects.searchAttributes(patternId),
          objects.searchReferences(patternId));
      writes.add("created saved search \"" + objects.searchTitle() + "\" (id " + objects.searchId() + ")");
    } else if (!objects.searchMatches(search.get(), patternId)) {
      client.update(AuditObjects.SEARCH, objects.searchId(), search.get().version(), objects.searchAttributes(patternId),
          objects.searchReferences(patternId));
      writes.add("corrected saved search \"" + objects.searchTitle() + "\" (id " + objects.searchId() + ")");
    }
    return new Result(patternId, handMade, writes);
  }

  /** Deletes the objects the record names ("type/id"), the search before the pattern it references; gone is fine. */
  public List<String> release(List<String> recorded) {
    List<String> deleted = new ArrayList<>();
    List<String> ordered = recorded.stream()
        .sorted(Comparator.comparing((String name) -> name.startsWith(AuditObjects.INDEX_PATTERN + "/"))).toList();
    for (String name : ordered) {
      int slash = name.indexOf('/');
      if (slash <= 0) continue;
      if (client.delete(name.substring(0, slash), name.substring(slash + 1))) deleted.add(name);
    }
    return deleted;
  }

  /** True when the stored list was stale and audit fields now exist: saved fresh, scripted fields kept. */
  private boolean refreshFields(AuditObjects objects, SavedObject pattern) {
    ArrayNode stored = AuditObjects.storedFields(pattern);
    if (!AuditObjects.stale(stored)) return false;
    Optional<ArrayNode> fresh = client.fieldsFor(objects.title(), AuditObjects.META_FIELDS);
    if (fresh.isEmpty() || !AuditObjects.hasField(fresh.get(), AuditObjects.AUDIT_MARKER)) return false;
    var attributes = JsonNodeFactory.instance.objectNode().put("fields", AuditObjects.refreshed(fresh.get(), stored));
    client.update(AuditObjects.INDEX_PATTERN, pattern.id(), pattern.version(), attributes, null);
    return true;
  }
}
