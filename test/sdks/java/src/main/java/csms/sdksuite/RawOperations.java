package csms.sdksuite;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.core.HcClient;
import com.huaweicloud.sdk.core.SdkResponse;
import com.huaweicloud.sdk.core.http.FieldExistence;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequestDef;
import com.huaweicloud.sdk.core.http.LocationType;
import com.huaweicloud.sdk.core.invoker.SyncInvoker;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of the document that the pinned SDK has no model for, called through the SDK's own machinery: the generated
 * CsmsClient methods are each a {@link SyncInvoker} over an {@link HttpRequestDef} (CsmsMeta), and this builds such a
 * definition from the document's method and path instead, with a JSON body in and the answer's fields out. Signing, the
 * project_id in the path, the HTTP client, the listeners and the error mapping (ServiceResponseException) are the SDK's.
 *
 * <p>huaweicloud-sdk-csms 3.1.143 (the newest on Maven Central) lacks the password-strength checker's three operations;
 * the SDK's repository adds CheckSecrets, ShowSecretsConfig and UpdateSecretsConfig in 3.1.149, which Central does not serve.
 */
final class RawOperations {
  /** The operations the pinned SDK has no CsmsClient method for (a fact of the SDK, checked against its classes). */
  static final List<String> MISSING_FROM_SDK = List.of("CheckSecrets", "ShowSecretsConfig", "UpdateSecretsConfig");

  private RawOperations() {}

  /** A CsmsClient that also lends its HcClient (protected in CsmsClient) to {@link #invoker}. */
  static final class Client extends CsmsClient {
    Client(HcClient hcClient) {
      super(hcClient);
    }

    HcClient hcClient() {
      return hcClient;
    }
  }

  /** The request: only a JSON body (the operations this is for take no parameter but the project_id, which the SDK fills). */
  public static final class Request {
    private JsonNode body;

    public Request() {}

    Request(JsonNode body) {
      this.body = body;
    }

    public JsonNode getBody() {
      return body;
    }

    public void setBody(JsonNode body) {
      this.body = body;
    }
  }

  /** The answer's top-level fields as JSON, by name. */
  public static final class Response extends SdkResponse {
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();

    @JsonAnySetter
    public void set(String name, JsonNode value) {
      fields.put(name, value);
    }

    JsonNode get(String name) {
      return fields.get(name);
    }

    Map<String, JsonNode> fields() {
      return fields;
    }
  }

  /** An invoker of one operation of the document (headers can be added to it, as to the SDK's own invokers). */
  static SyncInvoker<Request, Response> invoker(CsmsClient client, Document.Operation op, JsonNode body) {
    if (!(client instanceof Client raw)) throw new IllegalStateException("not a client built by Suite.client/tokenClient");
    if (op.path().replace("{project_id}", "").contains("{"))
      throw new IllegalStateException(op.id() + " has path parameters besides project_id, which this does not fill");
    HttpRequestDef.Builder<Request, Response> def = HttpRequestDef.builder(HttpMethod.valueOf(op.method()), Request.class, Response.class)
        .withName(op.id())
        .withUri(op.path())
        .withContentType("application/json;charset=UTF-8");
    if (body != null) {
      def.<JsonNode>withRequestField("body", LocationType.Body, FieldExistence.NON_NULL_NON_EMPTY, JsonNode.class,
          f -> f.withMarshaller(Request::getBody, Request::setBody));
    }
    return new SyncInvoker<>(new Request(body), def.build(), raw.hcClient());
  }
}
