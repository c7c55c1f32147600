package dev.pgaudit.operator.postgres;

/** A SQL-level failure translated into a finding. Never carries a password. */
public class SqlSettingsException extends RuntimeException {
  private final Finding finding;

  public SqlSettingsException(Finding finding, Throwable cause) {
    super(finding.message(), cause);
    this.finding = finding;
  }

  public Finding finding() { return finding; }
}
