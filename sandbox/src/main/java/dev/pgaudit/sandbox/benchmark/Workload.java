package dev.pgaudit.sandbox.benchmark;

import java.util.Locale;

/** One benchmark size: this many policies spread evenly over this many simulated services. */
record Workload(int policies, int services) {

  Workload {
    if (services < 1 || policies < services) {
      throw new IllegalArgumentException("need at least one service and one policy per service, got "
          + policies + " policies over " + services + " services");
    }
  }

  /** "1000x100" (policies x services). */
  static Workload parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split("[x×]");
    if (parts.length != 2) throw new IllegalArgumentException("expected POLICIESxSERVICES such as 1000x100, got '" + text + "'");
    return new Workload(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
  }

  /** Policies on service {@code s} (0-based): the remainder goes to the first services. */
  int policiesOn(int s) {
    return policies / services + (s < policies % services ? 1 : 0);
  }

  String label() {
    return String.format(Locale.ROOT, "%,d × %,d", policies, services);
  }
}
