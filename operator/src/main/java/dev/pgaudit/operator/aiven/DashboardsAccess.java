package dev.pgaudit.operator.aiven;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How to reach an OpenSearch service's Dashboards (opensearch.md §2): the URL from
 * connection_info.opensearch_dashboards_uri without its user info, and the credentials: those
 * embedded in that URI when present, else connection_info.opensearch_username/_password. The
 * password never appears in {@link #toString()} or in {@link #baseUri()}.
 */
public record DashboardsAccess(URI baseUri, String user, String password) {

  /** Empty when the service offers no Dashboards URI (Dashboards disabled, or the service not running). */
  static Optional<DashboardsAccess> of(AivenWire.ConnectionInfo info) {
    String uri = info == null ? null : info.opensearchDashboardsUri();
    if (uri == null || uri.isBlank()) return Optional.empty();
    if (uri.contains(AivenJson.REDACTED)) throw new AivenJson.RedactedSecretsException();
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("opensearch_dashboards_uri is not a URI");
    }
    // An unencoded '/', '?' or '#' in the password would move the rest of it into the host or path
    // (and so into messages): such a URI is refused, never half-read.
    if (parsed.getHost() == null || parsed.getScheme() == null || parsed.getRawQuery() != null
        || parsed.getRawFragment() != null || (parsed.getRawPath() != null && parsed.getRawPath().contains("@"))) {
      throw new IllegalArgumentException("opensearch_dashboards_uri has no host or carries more than a base URL");
    }
    String user = info.opensearchUsername();
    String password = info.opensearchPassword();
    String userInfo = parsed.getRawUserInfo();
    if (userInfo != null && userInfo.indexOf(':') > 0) {
      user = decode(userInfo.substring(0, userInfo.indexOf(':')));
      password = decode(userInfo.substring(userInfo.indexOf(':') + 1));
    }
    if (password == null || AivenJson.REDACTED.equals(password)) throw new AivenJson.RedactedSecretsException();
    String path = parsed.getRawPath() == null ? "" : parsed.getRawPath().replaceAll("/+$", "");
    URI base = URI.create(parsed.getScheme() + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort()) + path);
    return Optional.of(new DashboardsAccess(base, user == null ? "avnadmin" : user, password));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8); // user info: "+" is a plus
  }

  @Override
  public String toString() {
    return "DashboardsAccess[" + baseUri + ", user " + user + "]";
  }
}
