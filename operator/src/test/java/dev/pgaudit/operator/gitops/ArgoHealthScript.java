package dev.pgaudit.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * Runs an Argo CD health script the way Argo CD runs one from argocd-cm without
 * {@code resource.customizations.useOpenLibs} (argo-cd util/lua/lua.go, runLua): the live object as
 * the global {@code obj} (JSON objects and arrays as tables, numbers as Lua numbers), and exactly the
 * libraries Argo CD opens: package, base and table, plus its "safe os" (time and date only), which
 * Argo CD registers into the table library and preloads for {@code require("os")}. No string, math,
 * io or global os: a script calling string.sub fails here as it fails in Argo CD (health Unknown).
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
    Globals globals = argoGlobals();
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

  /** The Lua state of argo-cd's runLua with UseOpenLibs false. */
  static Globals argoGlobals() {
    // LuaJ keeps the string metatable (what makes ("x"):sub work) in a static; gopher-lua sets it only
    // when the string library is opened, which Argo CD does not.
    LuaString.s_metatable = null;
    Globals globals = new Globals();
    globals.load(new PackageLib());
    globals.load(new JseBaseLib());
    globals.load(new TableLib());
    LuaTable safeOs = safeOs();
    // Argo CD's OpenSafeOs registers time and date under the table library's name, and preloads them as "os".
    globals.get("table").set("time", safeOs.get("time"));
    globals.get("table").set("date", safeOs.get("date"));
    globals.get("package").get("preload").set("os", new OneArgFunction() {
      @Override
      public LuaValue call(LuaValue name) {
        return safeOs;
      }
    });
    LoadState.install(globals);
    LuaC.install(globals);
    return globals;
  }

  /** os.time and os.date, borrowed from a scratch state that has the full os library. */
  private static LuaTable safeOs() {
    Globals scratch = new Globals();
    scratch.load(new JseBaseLib());
    scratch.load(new PackageLib());
    scratch.load(new JseOsLib());
    LuaTable os = new LuaTable();
    os.set("time", scratch.get("os").get("time"));
    os.set("date", scratch.get("os").get("date"));
    return os;
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
