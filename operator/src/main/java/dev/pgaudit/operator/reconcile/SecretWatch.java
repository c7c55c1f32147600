package dev.pgaudit.operator.reconcile;

import dev.pgaudit.operator.api.PgAuditPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Secrets policies reference: watched, so a change reconciles the policies that use it within
 * moments, but held in memory only when referenced (see {@link ReferencedSecretStore}). One
 * informer event source per watched namespace (or one for all namespaces), each with its own store.
 */
final class SecretWatch {
  private static final String ALL = "";
  /** Pages of the initial list: a namespace full of 1 MiB Helm release Secrets must not arrive as one response. */
  private static final long LIST_PAGE = 50;

  private final Map<String, InformerEventSource<Secret, PgAuditPolicy>> sources = new LinkedHashMap<>();
  private final Map<String, ReferencedSecretStore> stores = new LinkedHashMap<>();

  /**
   * @param referenced whether a policy references the Secret with key "namespace/name"
   * @param referencing the policies referencing that key
   * @param references the keys a policy references
   */
  SecretWatch(EventSourceContext<PgAuditPolicy> context, Predicate<String> referenced,
      Function<String, Set<ResourceID>> referencing, Function<PgAuditPolicy, Set<ResourceID>> references) {
    Set<String> namespaces = context.getControllerConfiguration().getEffectiveNamespaces();
    List<String> targets = InformerConfiguration.allNamespacesWatched(namespaces) ? List.of(ALL) : List.copyOf(namespaces);
    Function<String, Secret> fetch = key -> {
      int slash = key.indexOf('/');
      String name = key.substring(slash + 1);
      // No Secret can have such a name, and a name like "../kube-system/x" would change the
      // request's path: answer "absent" without asking the API server.
      if (!isObjectName(name)) return null;
      return context.getClient().secrets().inNamespace(key.substring(0, slash)).withName(name).get();
    };
    for (String ns : targets) {
      ReferencedSecretStore store = new ReferencedSecretStore(referenced, fetch);
      var config = InformerEventSourceConfiguration.from(Secret.class, PgAuditPolicy.class)
          .withName(ns.equals(ALL) ? "secrets" : "secrets-" + ns)
          .withItemStore(store)
          .withInformerListLimit(LIST_PAGE)
          .withSecondaryToPrimaryMapper(secret -> referencing.apply(
              ReferencedSecretStore.key(secret.getMetadata().getNamespace(), secret.getMetadata().getName())))
          .withPrimaryToSecondaryMapper((PgAuditPolicy p) -> references.apply(p));
      if (ns.equals(ALL)) config.withNamespacesInheritedFromController();
      else config.withNamespaces(Set.of(ns));
      sources.put(ns, new InformerEventSource<>(config.build(), context));
      stores.put(ns, store);
    }
  }

  List<EventSource<?, PgAuditPolicy>> eventSources() {
    return new ArrayList<>(sources.values());
  }

  /** The Secret, from memory or (once) from the API server. */
  Optional<Secret> get(String namespace, String name) {
    var source = sources.containsKey(ALL) ? sources.get(ALL) : sources.get(namespace);
    // A policy is only ever in a watched namespace; anything else has no Secret to offer.
    return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
  }

  void dropUnreferenced() {
    stores.values().forEach(ReferencedSecretStore::dropUnreferenced);
  }

  Set<String> heldKeys() {
    Set<String> keys = new java.util.TreeSet<>();
    stores.values().forEach(s -> s.keySet().forEach(keys::add));
    return keys;
  }

  /** What all stores hold together. */
  ReferencedSecretStore.Held held() {
    int secrets = 0;
    long bytes = 0;
    for (ReferencedSecretStore store : stores.values()) {
      ReferencedSecretStore.Held h = store.held();
      secrets += h.secrets();
      bytes += h.dataBytes();
    }
    return new ReferencedSecretStore.Held(secrets, bytes);
  }

  private static final java.util.regex.Pattern DNS_SUBDOMAIN =
      java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** A valid name for a Secret: a DNS-1123 subdomain of at most 253 characters, as the API server requires. */
  static boolean isObjectName(String name) {
    return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
  }
}
