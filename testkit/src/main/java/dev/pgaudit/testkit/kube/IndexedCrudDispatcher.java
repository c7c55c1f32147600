package dev.pgaudit.testkit.kube;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;

/**
 * Fabric8's CRUD dispatcher over an {@link IndexedStore}: every GET, LIST, DELETE, write and watch
 * start looks only at the objects of its resource type (and namespace, and name), instead of
 * scanning every stored object — at a thousand policies the store holds tens of thousands of
 * Events, ConfigMaps, Secrets and Leases, and each request paid for all of them. What the server
 * answers is unchanged: the dispatcher's own matching still decides, over a bucket that holds
 * every possible match, in the same order.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private final IndexedStore store = new IndexedStore();

  IndexedCrudDispatcher(List<CustomResourceDefinitionContext> crds) {
    super(crds);
    install(store);
  }

  /**
   * CrudDispatcher creates its store itself, in a final field, and offers no hook to supply
   * another; the field is set once, here, before the dispatcher serves anything.
   */
  private void install(Map<AttributeSet, String> replacement) {
    try {
      Field map = CrudDispatcher.class.getDeclaredField("map");
      map.setAccessible(true);
      if (!this.map.isEmpty()) throw new IllegalStateException("the store is in use already");
      map.set(this, replacement);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot install the indexed store in Fabric8's CrudDispatcher", e);
    }
    if (this.map != replacement) throw new IllegalStateException("the indexed store did not take");
  }

  // GET, LIST and DELETE match the store against the query of their path. The query is computed
  // when the store is read, i.e. inside the dispatcher's lock, as the dispatcher computes its own.
  @Override
  public MockResponse handleGet(String path) {
    return store.scoped(() -> getKey(path), () -> super.handleGet(path));
  }

  @Override
  public MockResponse handleDelete(String path) {
    return store.scoped(() -> getKey(path), () -> super.handleDelete(path));
  }

  // POST, PUT and PATCH (and the status subresource) find their object through here.
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    return store.scoped(() -> query, () -> super.findResource(query));
  }

  /** A watch sends the objects it matches when its socket opens, on another thread: scope that too. */
  @Override
  public MockResponse handleWatch(String path) {
    MockResponse response = super.handleWatch(path);
    return response.withWebSocketUpgrade(new ScopedOpen(response.getWebSocketListener(), path));
  }

  private final class ScopedOpen extends WebSocketListener {
    private final WebSocketListener watch;
    private final String path;

    ScopedOpen(WebSocketListener watch, String path) {
      this.watch = watch;
      this.path = path;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      store.scoped(() -> getKey(path), () -> {
        watch.onOpen(webSocket, response);
        return null;
      });
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      watch.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      watch.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      watch.onMessage(webSocket, bytes);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      watch.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      watch.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      watch.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
      watch.onFailure(webSocket, failure, response);
    }
  }
}
