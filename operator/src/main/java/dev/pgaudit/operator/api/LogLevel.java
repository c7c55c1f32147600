package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** pgaudit.log_level values accepted by both Aiven and pgaudit. */
public enum LogLevel {
  @JsonProperty("debug1") debug1,
  @JsonProperty("debug2") debug2,
  @JsonProperty("debug3") debug3,
  @JsonProperty("debug4") debug4,
  @JsonProperty("debug5") debug5,
  @JsonProperty("info") info,
  @JsonProperty("notice") notice,
  @JsonProperty("warning") warning,
  @JsonProperty("log") log
}
