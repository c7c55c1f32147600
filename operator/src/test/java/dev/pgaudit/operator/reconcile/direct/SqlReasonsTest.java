package dev.pgaudit.operator.reconcile.direct;

import static dev.pgaudit.operator.api.AuditClass.DDL;
import static dev.pgaudit.operator.api.AuditClass.READ;
import static dev.pgaudit.operator.reconcile.PolicyBuilder.policy;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.PROJECT;
import static dev.pgaudit.operator.reconcile.direct.ReconcilerFixture.statusReasonMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgaudit.operator.api.PgAuditPolicy;
import dev.pgaudit.operator.reconcile.Conditions;
import dev.pgaudit.testkit.postgres.PgAuditCluster;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL pre-flight and write failures, against the real PostgreSQL + pgaudit: MissingPrivilege,
 * NotOwner, RoleNotFound, DatabaseNotFound, AuditRoleNotFound, LoginFailed, ConnectionFailed and
 * ExtensionEnabling. The simulator applies pgaudit changes at once here (activation delay zero),
 * so one reconcile reaches the SQL side; only the last test opens an activation window.
 *
 * <p>Not produced here: InvalidValue (SQLSTATE 22023) and SqlError (any SQLSTATE the gateway does
 * not name). Every value reaching SQL comes from the CRD's enums and bounds through the settings
 * table's normalisers, which PostgreSQL accepts; the only integer settings a spec could push out of
 * range without the CRD (log_parameter_max_size, log_max_string_length) are unknown to the
 * launcher's pgaudit 1.7, which the pre-flight reports as UnsupportedPostgresVersion first; and
 * the pre-flight names every other refusal before a write. Producing either needs a gateway that
 * fails on demand, which the reconciler's public constructor does not take a fake of (the
 * gateway's own tests, SqlSettingsFindingsTest, cover the SQLSTATE mapping).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlReasonsTest {
  @RegisterExtension
  static final ReconcilerFixture fx = ReconcilerFixture.withPostgres();

  static {
    fx.aiven.options().pgauditActivationDelay(Duration.ZERO);
  }

  private static String database(String hint) {
    String name = ReconcilerFixture.unique(hint);
    fx.pg.executeAsSuperuser(PgAuditCluster.ADMIN_DATABASE, "CREATE DATABASE \"" + name + "\" OWNER avnadmin");
    return name;
  }

  /**
   * A service with pgaudit enabled by a service-scoped policy in {@code ns}: without the extension,
   * a refused SET reads as the extension being enabled. Role settings are written from the
   * service's database, where the extension then is.
   */
  private static String enabledService(String ns) {
    String service = fx.pgService();
    PgAuditPolicy enabler = fx.put(policy(ns, "enabler", service).serviceScope().log(DDL).build());
    fx.reconcile(enabler);
    assertThat(statusReasonMessage(enabler, Conditions.READY).subList(0, 2)).containsExactly("True", Conditions.Reason.RECONCILED);
    return service;
  }

  private static Optional<Long> slow() {
    return Optional.of(fx.settings.delays().slow().toMillis());
  }

  @Test
  void missingPrivilegeNamesTheSettingAndWritesNothing() {
    String ns = fx.namespace();
    String service = enabledService(ns);
    String app = ReconcilerFixture.unique("app");
    fx.pg.executeAsSuperuser(PgAuditCluster.ADMIN_DATABASE, "CREATE ROLE \"" + app + "\" LOGIN",
        "REVOKE SET ON PARAMETER pgaudit.log_rows FROM avnadmin");
    try {
      PgAuditPolicy p = policy(ns, "p", service).roles(app).log(READ)
          .settings(s -> s.setLogRows(true)).build();
      PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
      assertThat(statusReasonMessage(stored, Conditions.SQL_SETTINGS_APPLIED))
          .containsExactly("False", Conditions.Reason.MISSING_PRIVILEGE, "Cannot set pgaudit.log_rows on role \"" + app
              + "\" because user \"avnadmin\" lacks GRANT SET ON PARAMETER pgaudit.log_rows. Not written: 1 of 1 target(s).");
      assertThat(statusReasonMessage(stored, Conditions.READY).subList(0, 2))
          .containsExactly("False", Conditions.Reason.MISSING_PRIVILEGE);
      assertThat(control.getScheduleDelay()).isEqualTo(slow());
      assertThat(fx.pg.storedSettings(null, app)).isEmpty();
    } finally {
      fx.pg.executeAsSuperuser(PgAuditCluster.ADMIN_DATABASE, "GRANT SET ON PARAMETER pgaudit.log_rows TO avnadmin");
    }
  }

  @Test
  void notOwnerOfTheDatabase() {
    String theirs = ReconcilerFixture.unique("theirs");
    fx.pg.executeAsSuperuser(PgAuditCluster.ADMIN_DATABASE, "CREATE DATABASE \"" + theirs + "\"");
    PgAuditPolicy p = policy(fx.namespace(), "p", fx.pgService()).databases(theirs).log(READ).build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.READY)).containsExactly("False", Conditions.Reason.NOT_OWNER,
        "Cannot store pgaudit settings on database \"" + theirs + "\" because user \"avnadmin\" does not own database \""
            + theirs + "\" (owner \"postgres\") nor belong to its owner role. Not written: 1 of 1 target(s).");
    assertThat(control.getScheduleDelay()).isEqualTo(slow());
  }

  @Test
  void roleNotFound() {
    PgAuditPolicy p = policy(fx.namespace(), "p", fx.pgService()).roles("no_such_role").log(READ).build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.READY)).containsExactly("False", Conditions.Reason.ROLE_NOT_FOUND,
        "Cannot store pgaudit settings on role \"no_such_role\" because role \"no_such_role\" does not exist."
            + " Not written: 1 of 1 target(s).");
    assertThat(control.getScheduleDelay()).isEqualTo(slow());
  }

  @Test
  void databaseNotFound() {
    PgAuditPolicy p = policy(fx.namespace(), "p", fx.pgService()).databases("no_such_db").log(READ).build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.READY)).containsExactly("False", Conditions.Reason.DATABASE_NOT_FOUND,
        "Cannot store pgaudit settings on database \"no_such_db\" because database \"no_such_db\" does not exist."
            + " Not written: 1 of 1 target(s).");
    assertThat(control.getScheduleDelay()).isEqualTo(slow());
  }

  @Test
  void auditRoleNotFound() {
    String service = fx.pgService();
    PgAuditPolicy p = policy(fx.namespace(), "p", service).serviceScope().log(DDL)
        .settings(s -> s.setRole("no_such_auditor")).build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.READY)).containsExactly("False", Conditions.Reason.AUDIT_ROLE_NOT_FOUND,
        "settings.role names \"no_such_auditor\", which is not a role on service acme/" + service
            + ": pgaudit's object auditing is off until that role exists");
    assertThat(control.getScheduleDelay()).isEqualTo(slow());
  }

  @Test
  void loginFailedForTheConnectionSecretsUser() {
    String ns = fx.namespace();
    fx.putSecret(ns, "ghost-login", Map.of("host", "127.0.0.1", "port", Integer.toString(fx.pg.port()),
        "user", "ghost_login", "password", "x", "sslmode", "disable"));
    PgAuditPolicy p = policy(ns, "p", fx.pgService()).databases(database("orders")).log(READ).connection("ghost-login").build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.READY)).containsExactly("False", Conditions.Reason.LOGIN_FAILED,
        "Cannot connect to PostgreSQL at 127.0.0.1:" + fx.pg.port() + " as user \"ghost_login\": role \"ghost_login\" does not exist.");
    assertThat(control.getScheduleDelay()).isEqualTo(slow());
  }

  @Test
  void connectionFailedIsRetriedSoon() {
    String service = ReconcilerFixture.unique("pg-nowhere").replace('_', '-');
    fx.aiven.addPgService(PROJECT, service, "16", ReconcilerFixture.NOWHERE);
    PgAuditPolicy p = policy(fx.namespace(), "p", service).databases("orders").log(READ).build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.READY)).containsExactly("False", Conditions.Reason.CONNECTION_FAILED,
        "Cannot connect to PostgreSQL at 127.0.0.1:1 as user \"avnadmin\": Connection to 127.0.0.1:1 refused. Check that the"
            + " hostname and port are correct and that the postmaster is accepting TCP/IP connections.");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
  }

  /** Last: it leaves an activation window open on the shared cluster. */
  @Test
  @Order(Integer.MAX_VALUE)
  void extensionEnablingIsLookedAtAgainSoon() {
    fx.aiven.options().pgauditActivationDelay(Duration.ofSeconds(30));
    String orders = database("orders");
    PgAuditPolicy p = policy(fx.namespace(), "p", fx.pgService()).databases(orders).log(READ).build();
    PgAuditPolicy stored = fx.put(p);
    UpdateControl<PgAuditPolicy> control = fx.reconcile(stored);
    assertThat(statusReasonMessage(stored, Conditions.SQL_SETTINGS_APPLIED))
        .containsExactly("False", Conditions.Reason.EXTENSION_ENABLING, "Cannot store pgaudit settings on database \""
            + orders + "\" yet: the pgaudit extension is being enabled on the service (it is not installed in this database and"
            + " user \"avnadmin\" cannot set pgaudit.log yet); retrying in a few seconds. If this lasts, check that"
            + " feature_enabled is true and that \"avnadmin\" holds SET on the pgaudit parameters. Not written: 1 of 1 target(s).");
    assertThat(control.getScheduleDelay()).isEqualTo(Optional.of(fx.settings.delays().fast().toMillis()));
    assertThat(fx.pg.storedSettings(orders, null)).isEmpty();
  }
}
