package dev.pgaudit.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

public class Sink {
  @Required
  @JsonPropertyDescription("Aiven logs integration into an Aiven for OpenSearch service.")
  private OpenSearchSink opensearch;

  public Sink() {}

  public Sink(OpenSearchSink opensearch) { this.opensearch = opensearch; }

  public OpenSearchSink getOpensearch() { return opensearch; }
  public void setOpensearch(OpenSearchSink opensearch) { this.opensearch = opensearch; }
}
