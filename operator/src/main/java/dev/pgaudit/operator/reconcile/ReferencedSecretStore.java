package dev.pgaudit.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Secret informer's store, keeping only Secrets some policy references. The informer still
 * watches every Secret of its namespaces (the chart grants get/list/watch on Secrets and no
 * label can be asked of users' Secrets), so every change is seen and mapped to the policies
 * that reference it; but an unreferenced Secret (a Helm release of up to 1 MiB, a TLS key) is
 * dropped as soon as it is deserialized, so memory does not grow with them.
 *
 * <p>A Secret that became referenced after its last change is not held yet: {@link #get} reads
 * it once from the API server (verb get) and holds it from then on. A watch event for it that
 * arrives during that read wins, as the fresher state. Deletions of a Secret that is not held
 * still reach the informer's handlers (a minimal stand-in is returned), so a policy hears that
 * its Secret went away.
 *
 * <p>One store per informer: Fabric8 prunes a store against one informer's list after a relist,
 * so a store shared by the per-namespace informers of one event source would lose entries.
 */
final class ReferencedSecretStore implements ItemStore<Secret> {
  /** What the store holds: count and the bytes of Secret data, for tests and for the curious. */
  record Held(int secrets, long dataBytes) {}

  private final Predicate<String> referenced;
  private final Function<String, Secret> fetch;
  static final int CHECKS_PER_CALL = 16;

  private final Map<String, Secret> held = new ConcurrentHashMap<>();
  /** The held keys the next {@link #dropUnreferenced} calls look at, refilled when used up. */
  private final ArrayDeque<String> toCheck = new ArrayDeque<>();
  /** Reads from the API server in flight, by key; an informer event for the key cancels storing the read. */
  private final Map<String, Object> reads = new ConcurrentHashMap<>();

  /**
   * @param referenced whether a policy references the Secret with this key ("namespace/name")
   * @param fetch reads a Secret from the API server by key; null when it does not exist
   */
  ReferencedSecretStore(Predicate<String> referenced, Function<String, Secret> fetch) {
    this.referenced = referenced;
    this.fetch = fetch;
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public String getKey(Secret secret) {
    return key(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
  }

  /** Holds the Secret if referenced; returns what was held before (null: the informer reports an add). */
  @Override
  public synchronized Secret put(String key, Secret secret) {
    reads.remove(key);
    return isReferenced(key) ? held.put(key, secret) : held.remove(key);
  }

  @Override
  public synchronized Secret remove(String key) {
    reads.remove(key);
    Secret old = held.remove(key);
    // Non-null, so the informer tells its handlers about the deletion and cleans its indexes.
    return old != null ? old : stub(key);
  }

  @Override
  public Stream<String> keySet() {
    return held.keySet().stream();
  }

  @Override
  public Stream<Secret> values() {
    return held.values().stream();
  }

  @Override
  public int size() {
    return held.size();
  }

  /** The held Secret; for a referenced one not held, the API server's (read once, then held). */
  @Override
  public Secret get(String key) {
    Secret secret = held.get(key);
    if (secret != null || !isReferenced(key)) return secret;
    Object read = new Object();
    reads.put(key, read);
    Secret fetched = fetch.apply(key);
    synchronized (this) {
      Secret arrived = held.get(key);
      if (arrived != null) return arrived;
      if (reads.remove(key, read) && fetched != null && isReferenced(key)) held.put(key, fetched);
      return fetched;
    }
  }

  /** Initial add events need not wait for the full list: nothing here depends on a complete store. */
  @Override
  public boolean isFullState() {
    return false;
  }

  /**
   * Lets go of Secrets no policy references any more (their policy was deleted or edited). Called
   * at every reconcile, so it looks at no more than {@link #CHECKS_PER_CALL} of them each time, the
   * next ones in turn: with 1,000 Secrets held, checking all at every reconcile was most of the
   * operator's CPU. A Secret is let go within held ÷ {@value #CHECKS_PER_CALL} reconciles.
   */
  synchronized void dropUnreferenced() {
    if (held.size() <= CHECKS_PER_CALL) {
      held.keySet().removeIf(k -> !isReferenced(k));
      return;
    }
    if (toCheck.isEmpty()) toCheck.addAll(held.keySet());
    for (int i = 0; i < CHECKS_PER_CALL && !toCheck.isEmpty(); i++) {
      String key = toCheck.poll();
      if (held.containsKey(key) && !isReferenced(key)) held.remove(key);
    }
  }

  Held held() {
    long bytes = held.values().stream().mapToLong(ReferencedSecretStore::dataBytes).sum();
    return new Held(held.size(), bytes);
  }

  private boolean isReferenced(String key) {
    try {
      return referenced.test(key);
    } catch (RuntimeException e) {
      // The policy cache is not started yet: hold nothing now, a later get reads what is needed.
      return false;
    }
  }

  private static long dataBytes(Secret s) {
    long bytes = 0;
    if (s.getData() != null) {
      for (String v : s.getData().values()) bytes += v == null ? 0 : Base64.getDecoder().decode(v).length;
    }
    if (s.getStringData() != null) bytes += s.getStringData().values().stream().filter(Objects::nonNull).mapToLong(String::length).sum();
    return bytes;
  }

  private static Secret stub(String key) {
    int slash = key.indexOf('/');
    Secret s = new Secret();
    s.setMetadata(new ObjectMetaBuilder().withNamespace(key.substring(0, slash)).withName(key.substring(slash + 1)).build());
    return s;
  }
}
