package dev.pgaudit.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs an Argo CD health script the way Argo CD does: the live object as the global {@code obj}
 * (JSON objects and arrays as tables, numbers as Lua numbers), only the base, table, string and
 * math libraries (no os, io), and the returned table's status and message read back.
 */
final class ArgoHealthScript {
  /** The statuses Argo CD accepts from a health script. */
  static final Set<String> ARGO_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown");

  record Result(String status, String message) {}

  private final String script;

  ArgoHealthScript(String script) {
    this.script = script;
  }

  Result run(JsonNode liveObject) {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    globals.set("obj", toLua(liveObject));

    LuaValue returned = globals.load(script, "health.lua").call();
    if (!returned.istable()) {
      throw new AssertionError("health script returned " + returned.typename() + ", not a table");
    }
    String status = returned.get("status").optjstring(null);
    if (!ARGO_STATUSES.contains(status)) {
      throw new AssertionError("health script returned status " + status + ", which Argo CD rejects");
    }
    return new Result(status, returned.get("message").optjstring(""));
  }

  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue()); // Argo CD hands Lua float64 numbers
    }
    return LuaValue.valueOf(node.asText());
  }
}
