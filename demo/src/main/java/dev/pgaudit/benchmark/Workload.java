package dev.pgaudit.benchmark;

import java.util.Locale;

/**
 * One benchmark size: this many policies spread evenly over this many simulated services, the
 * services spread evenly (round robin) over this many Aiven projects.
 */
record Workload(int policies, int services, int projects) {

  Workload {
    if (services < 1 || policies < services || projects < 1 || projects > services) {
      throw new IllegalArgumentException("need at least one service and one policy per service, and 1 to "
          + services + " projects, got " + policies + " policies over " + services + " services in " + projects + " projects");
    }
  }

  Workload(int policies, int services) {
    this(policies, services, 1);
  }

  /** "1000x100" (policies x services), or "10000x1000/10" (in 10 projects). */
  static Workload parse(String text) {
    String[] split = text.trim().split("/");
    String[] parts = split[0].toLowerCase(Locale.ROOT).split("[x×]");
    if (parts.length != 2 || split.length > 2) {
      throw new IllegalArgumentException("expected POLICIESxSERVICES[/PROJECTS] such as 1000x100, got '" + text + "'");
    }
    int projects = split.length == 2 ? Integer.parseInt(split[1].trim()) : 1;
    return new Workload(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()), projects);
  }

  /** The Aiven project of service {@code s}. */
  String projectOf(int s) {
    return projects == 1 ? Fleet.PROJECT : Fleet.PROJECT + "-" + (s % projects);
  }

  /** Policies on service {@code s} (0-based): the remainder goes to the first services. */
  int policiesOn(int s) {
    return policies / services + (s < policies % services ? 1 : 0);
  }

  String label() {
    return String.format(Locale.ROOT, "%,d × %,d", policies, services) + (projects == 1 ? "" : " in " + projects + " projects");
  }
}
