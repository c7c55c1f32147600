package dev.pgaudit.testkit.kube;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The mock API server's object store (AttributeSet → object JSON) with buckets by name, by
 * (resource type, namespace) and by resource type, so that a request looks only at the objects it
 * can match instead of every object of every kind.
 *
 * <p>Fabric8's dispatcher finds objects by streaming {@code entrySet()} and keeping the keys that
 * match its query. While {@link #scoped} runs, {@code entrySet()} (and the views derived from it)
 * holds only the bucket of the scope's query: every key that matches a query carries the query's
 * plain ("WITH") type, namespace and name attributes, so the bucket holds every match, and the
 * dispatcher's own filter still decides. Buckets keep insertion order like the LinkedHashMap they
 * replace, so lists come out in the same order. Without a scope, or when the query names no type
 * and no name, the whole store is seen.
 */
final class IndexedStore extends AbstractMap<AttributeSet, String> {
  // The attribute keys of KubernetesAttributesExtractor; Key has no getter, so look up by name.
  private static final String NAME = "name";
  private static final String TYPE = "plural";
  private static final String NAMESPACE = "namespace";

  private final LinkedHashMap<AttributeSet, String> entries = new LinkedHashMap<>();
  private final Map<List<Attribute>, LinkedHashSet<AttributeSet>> buckets = new HashMap<>();
  /** The query of the request this thread serves, computed when a view is asked for (inside the dispatcher's lock). */
  private final ThreadLocal<Supplier<AttributeSet>> scope = new ThreadLocal<>();

  /** Runs {@code action} with {@code entrySet()} narrowed to what {@code query} can match. */
  <T> T scoped(Supplier<AttributeSet> query, Supplier<T> action) {
    Supplier<AttributeSet> outer = scope.get();
    scope.set(query);
    try {
      return action.get();
    } finally {
      if (outer == null) scope.remove();
      else scope.set(outer);
    }
  }

  @Override
  public synchronized String put(AttributeSet key, String value) {
    String previous = entries.put(key, value);
    if (previous == null) bucketKeys(key).forEach(b -> buckets.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(key));
    return previous;
  }

  @Override
  public synchronized String remove(Object key) {
    if (!(key instanceof AttributeSet) || !entries.containsKey(key)) return null;
    for (List<Attribute> b : bucketKeys((AttributeSet) key)) {
      LinkedHashSet<AttributeSet> bucket = buckets.get(b);
      bucket.remove(key);
      if (bucket.isEmpty()) buckets.remove(b);
    }
    return entries.remove(key);
  }

  @Override
  public synchronized String get(Object key) {
    return entries.get(key);
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public synchronized int size() {
    return entries.size();
  }

  @Override
  public synchronized void clear() {
    entries.clear();
    buckets.clear();
  }

  /** A snapshot: the dispatcher copies or streams it under its own lock, and never writes through it. */
  @Override
  public synchronized Set<Map.Entry<AttributeSet, String>> entrySet() {
    Supplier<AttributeSet> query = scope.get();
    Iterable<AttributeSet> keys = query == null ? entries.keySet() : candidates(query.get());
    List<Map.Entry<AttributeSet, String>> snapshot = new ArrayList<>();
    for (AttributeSet key : keys) snapshot.add(new SimpleImmutableEntry<>(key, entries.get(key)));
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<AttributeSet, String>> iterator() {
        return snapshot.iterator();
      }

      @Override
      public int size() {
        return snapshot.size();
      }
    };
  }

  /**
   * The smallest bucket among those the query's plain attributes pick (each holds every match);
   * all keys when it picks none.
   */
  private Iterable<AttributeSet> candidates(AttributeSet query) {
    Set<AttributeSet> smallest = null;
    for (List<Attribute> bucket : bucketKeys(plain(query, NAME), plain(query, TYPE), plain(query, NAMESPACE))) {
      Set<AttributeSet> keys = buckets.getOrDefault(bucket, new LinkedHashSet<>());
      if (smallest == null || keys.size() < smallest.size()) smallest = keys;
    }
    return smallest == null ? entries.keySet() : smallest;
  }

  /**
   * The buckets a stored key belongs to: its name, its type in its namespace, its type. Whatever
   * their kind: attributes compare by key and values only, and a query's WITH attribute matches
   * any equal one.
   */
  private static List<List<Attribute>> bucketKeys(AttributeSet key) {
    return bucketKeys(key.getAttribute(NAME), key.getAttribute(TYPE), key.getAttribute(NAMESPACE));
  }

  private static List<List<Attribute>> bucketKeys(Attribute name, Attribute type, Attribute namespace) {
    List<List<Attribute>> keys = new ArrayList<>(3);
    if (name != null) keys.add(List.of(name));
    if (type != null && namespace != null) keys.add(List.of(type, namespace));
    if (type != null) keys.add(List.of(type));
    return keys;
  }

  /**
   * The attribute under {@code key} when it asks for equality: a query's WITH attribute is matched
   * by stored keys holding an equal attribute (same key, same values), the other kinds (WITHOUT,
   * IN, EXISTS, ...) select more loosely and are left to the dispatcher's filter.
   */
  private static Attribute plain(AttributeSet set, String key) {
    Attribute attribute = set.getAttribute(key);
    return attribute != null && attribute.getType() == AttributeType.WITH ? attribute : null;
  }
}
