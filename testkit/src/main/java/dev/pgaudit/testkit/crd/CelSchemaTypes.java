package dev.pgaudit.testkit.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CEL types for the nodes of a structural schema, as the API server declares them when it
 * compiles x-kubernetes-validations rules: an object with properties is a struct whose fields are
 * the properties (so a rule naming a field that does not exist fails to compile, as in
 * Kubernetes), an object with additionalProperties a map, and scalars their CEL type.
 */
final class CelSchemaTypes implements CelTypeProvider {
  private final Map<JsonNode, CelType> bySchema = new IdentityHashMap<>();
  private final Map<String, StructType> structsByName = new HashMap<>();
  private final List<CelType> all = new ArrayList<>();

  CelSchemaTypes(JsonNode rootSchema) {
    declare(rootSchema, "self", true);
  }

  /** The CEL type of a schema node of this schema; dyn for nodes it does not know. */
  CelType typeOf(JsonNode schema) {
    return bySchema.getOrDefault(schema, SimpleType.DYN);
  }

  @Override
  public ImmutableCollection<CelType> types() {
    return ImmutableList.copyOf(all);
  }

  @Override
  public Optional<CelType> findType(String typeName) {
    return Optional.ofNullable(structsByName.get(typeName));
  }

  private CelType declare(JsonNode schema, String typeName, boolean root) {
    CelType type = switch (schema.path("type").asText("")) {
      case "string" -> SimpleType.STRING;
      case "integer" -> SimpleType.INT;
      case "number" -> SimpleType.DOUBLE;
      case "boolean" -> SimpleType.BOOL;
      case "array" -> schema.has("items")
          ? ListType.create(declare(schema.get("items"), typeName + ".@items", false))
          : ListType.create(SimpleType.DYN);
      case "object" -> objectType(schema, typeName, root);
      default -> SimpleType.DYN; // int-or-string, preserve-unknown-fields without a type
    };
    bySchema.put(schema, type);
    return type;
  }

  private CelType objectType(JsonNode schema, String typeName, boolean root) {
    JsonNode properties = schema.get("properties");
    if (properties == null || properties.isEmpty()) {
      JsonNode additional = schema.get("additionalProperties");
      return additional != null && additional.isObject()
          ? MapType.create(SimpleType.STRING, declare(additional, typeName + ".@values", false))
          : MapType.create(SimpleType.STRING, SimpleType.DYN);
    }
    Map<String, CelType> fields = new HashMap<>();
    properties.fields().forEachRemaining(property ->
        fields.put(property.getKey(), declare(property.getValue(), typeName + "." + property.getKey(), false)));
    if (root) {
      // A root rule also sees these, though the schema does not declare them.
      fields.putIfAbsent("apiVersion", SimpleType.STRING);
      fields.putIfAbsent("kind", SimpleType.STRING);
      fields.putIfAbsent("metadata", MapType.create(SimpleType.STRING, SimpleType.DYN));
    }
    Set<String> names = new LinkedHashSet<>(fields.keySet());
    StructType struct = StructType.create(typeName, ImmutableSet.copyOf(names),
        field -> Optional.ofNullable(fields.get(field)));
    structsByName.put(typeName, struct);
    all.add(struct);
    return struct;
  }
}
