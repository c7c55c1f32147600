package dev.pgaudit.reliability;

import java.util.ArrayList;
import java.util.List;

/** Looks for tokens and passwords in texts the operator produced (log lines, Event messages). */
record SecretScan(List<String> secrets) {

  /** One violation per text that holds a secret; the secret itself is never repeated. */
  List<String> findIn(List<String> texts, String what) {
    List<String> violations = new ArrayList<>();
    for (String text : texts) {
      for (String secret : secrets) {
        if (text.contains(secret)) violations.add("a secret appears in a " + what + " (" + text.length() + " chars)");
      }
    }
    return violations;
  }
}
