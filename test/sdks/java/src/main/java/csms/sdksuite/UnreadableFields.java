package csms.sdksuite;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.core.utils.JsonUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fields of an answer an SDK model cannot read, found the way the SDK reads answers (its own ObjectMapper, JsonUtils):
 * read, and on a mapping error note the field's JSON Pointer, drop that field and read again, until the rest reads.
 */
final class UnreadableFields {
  /** The fields the model cannot read (JSON Pointers, in the order met), the answer without them, and the model read from it. */
  record Result(List<String> pointers, JsonNode readable, Object model) {}

  private static final int MAX_FIELDS = 50;

  private UnreadableFields() {}

  static Result of(JsonNode answer, Class<?> model) throws Exception {
    ObjectMapper sdk = JsonUtils.getDefaultMapper();
    JsonNode copy = answer.deepCopy();
    List<String> pointers = new ArrayList<>();
    for (int i = 0; i < MAX_FIELDS; i++) {
      try {
        return new Result(pointers, copy, sdk.readValue(sdk.writeValueAsString(copy), model));
      } catch (JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath())
          pointer.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
        if (pointer.isEmpty() || !remove(copy, pointer.toString())) throw e;
        pointers.add(pointer.toString());
      }
    }
    throw new IllegalStateException("more than " + MAX_FIELDS + " fields the SDK cannot read");
  }

  /** Removes the node at a JSON Pointer (plain names and indexes, no escapes); false when there is none. */
  private static boolean remove(JsonNode root, String pointer) {
    int cut = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, cut));
    String last = pointer.substring(cut + 1);
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
      return true;
    }
    if (parent instanceof ArrayNode a && last.matches("\\d+") && Integer.parseInt(last) < a.size()) {
      a.remove(Integer.parseInt(last));
      return true;
    }
    return false;
  }
}
