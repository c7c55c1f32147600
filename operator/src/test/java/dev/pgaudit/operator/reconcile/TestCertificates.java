package dev.pgaudit.operator.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway CA and a server certificate it signed (EC P-256, valid 2 days), made with the JDK's
 * keytool, as PEM: what Aiven hands out as the project CA, and what a server presents.
 */
record TestCertificates(String caPem, String serverCertPem, String serverKeyPem) {
  private static final String PASS = "changeit";

  /** {@code san} e.g. "dns:localhost". */
  static TestCertificates create(String caName, String san) {
    try {
      Path dir = Files.createTempDirectory("pgaudit-test-certs-");
      Path ca = dir.resolve("ca.p12");
      Path server = dir.resolve("server.p12");
      keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + caName,
          "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASS);
      keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=server",
          "-validity", "2", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", PASS);
      keytool(dir, "-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", PASS,
          "-file", dir.resolve("server.csr").toString());
      keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS, "-rfc",
          "-infile", dir.resolve("server.csr").toString(), "-outfile", dir.resolve("server.pem").toString(),
          "-ext", "SAN=" + san, "-validity", "2");
      keytool(dir, "-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS, "-rfc",
          "-file", dir.resolve("ca.pem").toString());
      return new TestCertificates(Files.readString(dir.resolve("ca.pem")), Files.readString(dir.resolve("server.pem")),
          privateKeyPem(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String privateKeyPem(Path keystore) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASS.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey("server", PASS.toCharArray());
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the test key", e);
    }
  }

  private static void keytool(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
