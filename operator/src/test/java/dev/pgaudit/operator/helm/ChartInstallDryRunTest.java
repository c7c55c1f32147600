package dev.pgaudit.operator.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import org.junit.jupiter.api.Test;

/**
 * helm install --dry-run (client only, no cluster): the NOTES a user sees after installing, which
 * tell how to create the token Secret; and helm show crds: the CRD Helm installs first.
 */
class ChartInstallDryRunTest {

  @Test
  void installWithDefaultsTellsHowToCreateTheTokenSecret() {
    Release release = install(Chart.helm().install());

    assertThat(release.getOutput())
        .contains("kubectl -n " + Chart.NAMESPACE + " create secret generic aiven-token")
        .contains("--from-literal=token=")
        .contains("watches PgAuditPolicies in all namespaces");
  }

  @Test
  void notesFollowTheValues() {
    Release release = install(Chart.helm().install()
        .withValuesFile(Chart.testValues("custom-values.yaml")));

    assertThat(release.getOutput())
        .contains("the namespaces a, b")
        .contains("create secret generic platform-aiven")
        .contains("--from-literal=api-token=");
  }

  @Test
  void helmInstallsThePgAuditPolicyCrdFromTheChart() {
    String crds = Chart.helm().show().crds().call();

    assertThat(crds).contains("kind: CustomResourceDefinition", "name: pgauditpolicies.pgaudit.dev", "kind: PgAuditPolicy");
  }

  private static Release install(InstallCommand command) {
    return command.withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
        .withKubeVersion(Chart.KUBE_VERSION).clientOnly().dryRun().call();
  }
}
