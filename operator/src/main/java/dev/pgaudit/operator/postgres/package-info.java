/**
 * The SQL layer: pgaudit settings stored per database, role and role in database
 * ({@code pg_db_role_setting}), written with {@code ALTER DATABASE|ROLE ... SET|RESET} as a
 * non-superuser admin holding {@code GRANT SET ON PARAMETER} (PostgreSQL 15+).
 *
 * <ul>
 *   <li>Reads are one query over {@code pg_db_role_setting} unnested with
 *       {@code pg_options_to_table}; values come back raw and are compared by meaning
 *       ({@link dev.pgaudit.operator.postgres.SettingValues}), because PostgreSQL stores them as
 *       typed.
 *   <li>Writes: {@link dev.pgaudit.operator.postgres.PgAuditSession#apply} runs the statements of
 *       one target in one transaction (all or nothing) and reports each, typed as a
 *       {@link dev.pgaudit.operator.postgres.SettingWrite} (SET with its value or RESET), to the
 *       {@link dev.pgaudit.operator.postgres.PgSessionOpener.StatementListener} after the
 *       commit. Setting names come only from {@link dev.pgaudit.operator.postgres.PgAuditSetting};
 *       names and values are always quoted ({@link dev.pgaudit.operator.postgres.SqlQuoting}).
 *   <li>Problems are {@link dev.pgaudit.operator.postgres.Finding}s: returned by pre-flight,
 *       carried by {@link dev.pgaudit.operator.postgres.SqlSettingsException} when a statement
 *       fails. Each message is one sentence naming the setting and/or the target.
 * </ul>
 */
package dev.pgaudit.operator.postgres;
