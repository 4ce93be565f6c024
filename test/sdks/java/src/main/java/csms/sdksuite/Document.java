package csms.sdksuite;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the suite reads from the bundled document (CSMS_OPENAPI) instead of writing it down again: each operation's method and
 * path, its examples, and the status and code of each of its documented errors (by the name the error example carries in
 * {@code x-mock-error}, e.g. {@code EventInUse}), whether the error body is flat or wrapped in {@code {"error": {…}}}.
 */
final class Document {
  /** One operation: its HTTP method (upper case), path template and the operation object itself. */
  record Operation(String id, String method, String path, JsonNode node) {}

  /** A documented error: the status it comes with, its error_code, and whether the body wraps it in "error". */
  record Error(int status, String code, boolean wrapped) {}

  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final JsonNode root;
  private final Map<String, Operation> operations = new LinkedHashMap<>();

  Document(JsonNode root) {
    this.root = root;
    for (Iterator<Map.Entry<String, JsonNode>> paths = root.get("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (!HTTP_METHODS.contains(op.getKey()) || !op.getValue().has("operationId")) continue;
        String id = op.getValue().get("operationId").asText();
        operations.put(id, new Operation(id, op.getKey().toUpperCase(), path.getKey(), op.getValue()));
      }
    }
  }

  /** Every operation, in document order. */
  Map<String, Operation> operations() {
    return operations;
  }

  Operation operation(String id) {
    Operation op = operations.get(id);
    if (op == null) throw new IllegalStateException("the document has no operation " + id);
    return op;
  }

  /** The value of a response example of an operation, by status and example name. */
  JsonNode example(String operationId, String status, String name) {
    JsonNode example = examples(operationId, status).get(name);
    if (example == null) throw new IllegalStateException(operationId + " documents no " + status + " example " + name);
    return resolve(example).get("value");
  }

  /** The name of the first example of a response: the one the mock answers with when a request asks for none. */
  String firstExample(String operationId, String status) {
    Iterator<String> names = examples(operationId, status).fieldNames();
    if (!names.hasNext()) throw new IllegalStateException(operationId + " documents no " + status + " example");
    return names.next();
  }

  /** The names of a response's examples, in document order. */
  List<String> exampleNames(String operationId, String status) {
    List<String> names = new ArrayList<>();
    examples(operationId, status).fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The documented error of an operation that carries {@code x-mock-error: name}: status, code, flat or wrapped. */
  Error error(String operationId, String name) {
    for (Iterator<Map.Entry<String, JsonNode>> responses = operation(operationId).node().get("responses").fields();
        responses.hasNext(); ) {
      Map.Entry<String, JsonNode> response = responses.next();
      for (JsonNode example : examples(operationId, response.getKey())) {
        JsonNode resolved = resolve(example);
        if (!name.equals(resolved.path("x-mock-error").asText())) continue;
        JsonNode value = resolved.get("value");
        boolean wrapped = value.has("error");
        return new Error(Integer.parseInt(response.getKey()), (wrapped ? value.get("error") : value).get("error_code").asText(),
            wrapped);
      }
    }
    throw new IllegalStateException(operationId + " documents no error " + name);
  }

  /** The name of the document's example for a documented error (for `Prefer: code=…, example=…`). */
  String errorExample(String operationId, String name) {
    Error error = error(operationId, name);
    for (Iterator<Map.Entry<String, JsonNode>> examples = examples(operationId, String.valueOf(error.status())).fields();
        examples.hasNext(); ) {
      Map.Entry<String, JsonNode> example = examples.next();
      if (name.equals(resolve(example.getValue()).path("x-mock-error").asText())) return example.getKey();
    }
    throw new IllegalStateException(operationId + " documents no error " + name);
  }

  private JsonNode examples(String operationId, String status) {
    JsonNode response = resolve(operation(operationId).node().path("responses").path(status));
    JsonNode content = response.path("content");
    if (!content.fields().hasNext()) return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    return content.fields().next().getValue().path("examples");
  }

  /** Follows local $refs (#/components/…). */
  private JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    while (n != null && n.has("$ref")) n = root.at(n.get("$ref").asText().substring(1));
    return n;
  }
}
