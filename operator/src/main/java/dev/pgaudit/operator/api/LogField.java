package dev.pgaudit.operator.api;

/** Optional log fields of Aiven's logs integration (selected_log_fields). */
public enum LogField { HOSTNAME, PRIORITY, REALTIME_TIMESTAMP, SYSTEMD_UNIT, service_name }
