package dev.pgaudit.testkit.aiven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pgaudit.operator.plan.AuditSettingTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's settings table and the simulator's user_config.pgaudit schema (written from
 * Aiven's published schema, not from the table) name the same keys with the same defaults. It sits
 * in the operator's tests (it needs the table) but in the simulator's package, whose schema is
 * package-private: the test kit exposes no schema API only for this comparison.
 */
class SettingTableAgreesWithSimulatorTest {

  @Test
  void theTablesAivenKeysAreThePgauditSchemaButTheSharedFeatureFlag() {
    List<String> schemaKeys = UserConfigSchemas.PGAUDIT.properties().keySet().stream()
        .filter(key -> !key.equals("feature_enabled")).toList();
    assertThat(Arrays.stream(AuditSettingTable.values()).map(AuditSettingTable::aivenKey).toList())
        .containsExactlyInAnyOrderElementsOf(schemaKeys);
  }

  @Test
  void theTablesAivenDefaultsAreTheSchemasDefaults() {
    // As JSON text: the schema's numbers are longs, the table's ints.
    ObjectMapper json = new ObjectMapper();
    Map<String, String> schemaDefaults = new LinkedHashMap<>();
    UserConfigSchemas.PGAUDIT.properties().forEach((key, prop) -> {
      if (!key.equals("feature_enabled") && prop.defaultValue() != null) schemaDefaults.put(key, prop.defaultValue().toString());
    });
    Map<String, String> tableDefaults = new LinkedHashMap<>();
    AuditSettingTable.aivenDefaults().forEach((key, value) -> tableDefaults.put(key, json.valueToTree(value).toString()));
    // The schema gives log no default; an empty class list is what "no classes" reads back as.
    assertThat(tableDefaults.remove("log")).isEqualTo("[]");
    assertThat(tableDefaults).containsExactlyInAnyOrderEntriesOf(schemaDefaults);
  }
}
