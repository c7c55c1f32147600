package dev.pgaudit.operator.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may connect where, kept small: open databases unlisted, each restricted one's roles sorted, equal lists shared. */
class ConnectRightsTest {
  private static final List<String> LOGIN_ROLES = List.of("app", "avnadmin", "bi", "reporting");

  @Test
  void aRestrictedDatabaseLetsOnlyItsRolesConnectAndAnOpenOneEveryLoginRole() {
    ConnectRights rights = ConnectRights.restricted(Map.of("billing", List.of("reporting", "avnadmin", "reporting"),
        "ledger", List.of("avnadmin", "reporting"), "vault", List.of()));

    assertThat(rights.rolesOf("billing", LOGIN_ROLES)).containsExactly("avnadmin", "reporting");
    assertThat(rights.rolesOf("billing", LOGIN_ROLES)).isSameAs(rights.rolesOf("ledger", LOGIN_ROLES));
    assertThat(rights.rolesOf("orders", LOGIN_ROLES)).isSameAs(LOGIN_ROLES);
    assertThat(rights.rolesOf("vault", LOGIN_ROLES)).isEmpty();
    assertThat(rights.mayConnect("billing", "app")).isFalse();
    assertThat(rights.mayConnect("billing", "reporting")).isTrue();
    assertThat(rights.mayConnect("orders", "app")).isTrue();
    assertThat(rights.openToAll("orders")).isTrue();
    assertThat(rights.openToAll("vault")).isFalse();
    assertThat(rights.databasesOf("app", List.of("billing", "ledger", "orders", "vault"))).containsExactly("orders");
    assertThat(rights.pairCount(List.of("billing", "ledger", "orders", "vault"), LOGIN_ROLES)).isEqualTo(2 + 2 + 4);
    assertThat(ConnectRights.restricted(Map.of())).isSameAs(ConnectRights.OPEN);
    assertThat(ConnectRights.restricted(Map.of("billing", List.of("avnadmin", "reporting"),
        "ledger", List.of("reporting", "avnadmin"), "vault", List.of())))
        .isSameAs(rights);
    ConnectRights other = ConnectRights.restricted(Map.of("orders", List.of("app")));
    assertThat(other).isNotEqualTo(rights);
    assertThat(ConnectRights.restricted(Map.of("orders", List.of("app")))).isSameAs(other);
  }
}
