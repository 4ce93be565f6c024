package csms.sdksuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.core.ClientBuilder;
import com.huaweicloud.sdk.core.HttpListener;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.exception.ServerResponseException;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.core.invoker.SyncInvoker;
import com.huaweicloud.sdk.core.utils.JsonUtils;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.DownloadSecretBlobRequest;
import com.huaweicloud.sdk.csms.v1.model.DownloadSecretBlobResponse;
import com.huaweicloud.sdk.csms.v1.model.Event;
import com.huaweicloud.sdk.csms.v1.model.ListSecretEventsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretEventsResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsResponse;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageResponse;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionResponse;
import com.huaweicloud.sdk.csms.v1.model.UploadSecretBlobRequest;
import com.huaweicloud.sdk.csms.v1.model.UploadSecretBlobRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UploadSecretBlobResponse;
import com.huaweicloud.sdk.csms.v1.model.Version;
import com.huaweicloud.sdk.csms.v1.model.VersionMetadata;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The official Huawei Cloud Java SDK (huaweicloud-sdk-csms) against two csms-mocks, per test/sdks/README.md: every
 * operation of the bundled document through the SDK's typed client, the typed results field by field against the mock's
 * config file, and the typed errors against the mock's journal. One ✓/✗ line per check, then the RESULT line.
 *
 * <p>Never prints a secret value, the SK or the token: a check that compares one says only whether it matched.
 */
public final class Suite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "com.huaweicloud.sdk.csms.v1.model.";

  private final Map<String, String> env = System.getenv();
  private Document document;
  private final List<String> failures = new ArrayList<>();
  private int passed;

  /** operationId → the CsmsClient method the SDK has for it (null when it has none), in document order. */
  private final Map<String, Method> methods = new LinkedHashMap<>();
  /** The operations this run has called through {@link #call}, to prove every one of the document's was. */
  private final Set<String> called = new LinkedHashSet<>();

  public static void main(String[] args) {
    Suite suite = new Suite();
    try {
      suite.run();
    } catch (Throwable t) {
      // A crash is one more failure, never a stack trace with request details in it.
      suite.fail("the suite stopped early", t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()));
    }
    suite.finish();
  }

  // ---------------------------------------------------------------------------------------------
  // The checks

  private void run() throws Exception {
    String url = need("CSMS_MOCK_URL");
    String url2 = need("CSMS_MOCK_URL_2");
    JsonNode config = JSON.readTree(new File(need("CSMS_MOCK_CONFIG")));
    document = new Document(JSON.readTree(new File(need("CSMS_OPENAPI"))));

    mapOperations();

    // Response headers are not part of the SDK's typed results or exceptions; an HttpListener is the SDK's own way to see them.
    AtomicReference<Map<String, List<String>>> lastHeaders = new AtomicReference<>();
    HttpConfig http = HttpConfig.getDefaultHttpConfig()
        .withIgnoreSSLVerification(true)
        .withTimeout(20)
        .addHttpListener(HttpListener.forResponseListener(r -> lastHeaders.set(r.headers())));
    CsmsClient csms = client(url, need("CSMS_SK"), http);
    CsmsClient csms2 = client(url2, need("CSMS_SK"), HttpConfig.getDefaultHttpConfig().withTimeout(20));

    readChecks(csms, config);
    backupChecks(csms, csms2, url2, config);
    // The write operations: a secret's whole life, AK/SK-signed and with the token (see Lifecycle).
    Lifecycle lifecycle = new Lifecycle(this, url);
    lifecycle.run();
    // Round 2 (issue 24): everything around the secrets.
    new TagsAndEvents(this, lifecycle, url).run();
    new Grants(this, lifecycle, url).run();
    new RotationSupport(this, lifecycle, url).run();
    new Accounts(this, lifecycle, url).run();
    new PasswordsAndChecker(this, lifecycle, url).run();

    errorChecks(url, csms, config, lastHeaders);
    tokenChecks(url);
    leftovers(csms, config);

    // Coverage: the operations called through the SDK above are exactly the document's (call() refuses any other).
    Set<String> documented = document.operations().keySet();
    check("the suite called each of the document's " + documented.size() + " operations through the SDK", () -> {
      List<String> wrong = new ArrayList<>();
      for (String op : documented) if (!called.contains(op)) wrong.add("no check calls " + op);
      for (String op : called) if (!documented.contains(op)) wrong.add(op + " is not in the document");
      return wrong;
    });
  }

  /** Every resource a run creates is deleted again: the project is left with the configured secrets and nothing else. */
  private void leftovers(CsmsClient csms, JsonNode config) {
    List<String> configured = new ArrayList<>();
    for (JsonNode s : config.get("secrets")) configured.add(s.get("name").asText());
    check("at the end: ListSecrets lists the configured secrets only, ListSecretEvents none", () -> {
      List<String> wrong = new ArrayList<>();
      same(wrong, "secrets", configured,
          names(((ListSecretsResponse) call(csms, "ListSecrets", new ListSecretsRequest().withLimit("1000"))).getSecrets()));
      ListSecretEventsResponse events = (ListSecretEventsResponse) call(csms, "ListSecretEvents", new ListSecretEventsRequest());
      same(wrong, "events", List.of(), events.getEvents() == null ? List.of() : events.getEvents().stream().map(Event::getName).toList());
      return wrong;
    });
  }

  /** The reads of the configured secrets: ShowSecret, ListSecrets (paged), ListSecretVersions, ShowSecretVersion, ShowSecretStage. */
  private void readChecks(CsmsClient csms, JsonNode config) {
    JsonNode dbPassword = secretOf(config, "db-password");
    JsonNode tlsKey = secretOf(config, "tls-key");

    // ShowSecret
    for (JsonNode s : config.get("secrets")) {
      String name = s.get("name").asText();
      check("ShowSecret(" + name + "): name, description, state, required fields", () -> {
        Secret secret = ((ShowSecretResponse) call(csms, "ShowSecret", new ShowSecretRequest().withSecretName(name))).getSecret();
        List<String> wrong = new ArrayList<>();
        same(wrong, "name", name, secret.getName());
        same(wrong, "description", text(s, "description"), secret.getDescription());
        same(wrong, "state", s.has("state") ? s.get("state").asText() : "ENABLED", secret.getState());
        for (Map.Entry<String, Object> required : Map.<String, Object>of(
            "id", String.valueOf(secret.getId()), "kms_key_id", String.valueOf(secret.getKmsKeyId()),
            "create_time", String.valueOf(secret.getCreateTime()), "update_time", String.valueOf(secret.getUpdateTime())).entrySet()) {
          if ("null".equals(required.getValue()) || "".equals(required.getValue())) wrong.add(required.getKey() + " is missing");
        }
        return wrong;
      });
    }

    // ListSecrets: everything, then pages of two
    List<String> allNames = new ArrayList<>();
    for (JsonNode s : config.get("secrets")) allNames.add(s.get("name").asText());
    check("ListSecrets(): names in config order, no next_marker", () -> {
      ListSecretsResponse r = (ListSecretsResponse) call(csms, "ListSecrets", new ListSecretsRequest());
      List<String> wrong = new ArrayList<>();
      same(wrong, "names", allNames, names(r.getSecrets()));
      same(wrong, "page_info.next_marker", null, r.getPageInfo() == null ? "(no page_info)" : r.getPageInfo().getNextMarker());
      same(wrong, "page_info.current_count", allNames.size(), r.getPageInfo() == null ? null : r.getPageInfo().getCurrentCount());
      return wrong;
    });
    List<List<String>> pages = new ArrayList<>();
    for (int i = 0; i < allNames.size(); i += 2) pages.add(allNames.subList(i, Math.min(i + 2, allNames.size())));
    String marker = null;
    for (int i = 0; i < pages.size(); i++) {
      List<String> page = pages.get(i);
      String expectedNext = i + 1 < pages.size() ? page.get(page.size() - 1) : null;
      String m = marker;
      check("ListSecrets(limit=2" + (m == null ? "" : ", marker=" + m) + "): " + page + ", next_marker " + expectedNext, () -> {
        ListSecretsRequest q = new ListSecretsRequest().withLimit("2");
        if (m != null) q.withMarker(m);
        ListSecretsResponse r = (ListSecretsResponse) call(csms, "ListSecrets", q);
        List<String> wrong = new ArrayList<>();
        same(wrong, "names", page, names(r.getSecrets()));
        same(wrong, "page_info.next_marker", expectedNext, r.getPageInfo() == null ? "(no page_info)" : r.getPageInfo().getNextMarker());
        return wrong;
      });
      marker = expectedNext;
    }

    // ListSecretVersions(db-password): ids oldest first, SYSPREVIOUS then SYSCURRENT (CSMS's own staging of two versions)
    List<String> dbIds = new ArrayList<>();
    for (JsonNode v : dbPassword.get("versions")) dbIds.add(v.get("id").asText());
    check("ListSecretVersions(db-password): ids " + dbIds + ", stages SYSPREVIOUS/SYSCURRENT", () -> {
      ListSecretVersionsResponse r = (ListSecretVersionsResponse) call(
          csms, "ListSecretVersions", new ListSecretVersionsRequest().withSecretName("db-password"));
      List<String> wrong = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      List<List<String>> stages = new ArrayList<>();
      for (VersionMetadata v : r.getVersionMetadatas()) {
        ids.add(v.getId());
        stages.add(v.getVersionStages());
        same(wrong, v.getId() + ".secret_name", "db-password", v.getSecretName());
        if (v.getCreateTime() == null) wrong.add(v.getId() + ".create_time is missing");
      }
      same(wrong, "ids", dbIds, ids);
      same(wrong, "stages", List.of(List.of("SYSPREVIOUS"), List.of("SYSCURRENT")), stages);
      return wrong;
    });
    check("ListSecretVersions(db-password, limit=1): first id, next_marker " + dbIds.get(0), () -> {
      ListSecretVersionsResponse r = (ListSecretVersionsResponse) call(
          csms, "ListSecretVersions", new ListSecretVersionsRequest().withSecretName("db-password").withLimit(1));
      List<String> wrong = new ArrayList<>();
      same(wrong, "ids", dbIds.subList(0, 1), r.getVersionMetadatas().stream().map(VersionMetadata::getId).toList());
      same(wrong, "page_info.next_marker", dbIds.get(0), r.getPageInfo() == null ? null : r.getPageInfo().getNextMarker());
      return wrong;
    });

    versionChecks(csms, dbPassword, tlsKey);
  }

  /** ShowSecretVersion of configured versions (text and binary), and a custom stage with ShowSecretStage. */
  private void versionChecks(CsmsClient csms, JsonNode dbPassword, JsonNode tlsKey) {
    // ShowSecretVersion: latest and an older one as text, a binary one
    JsonNode dbVersions = dbPassword.get("versions");
    JsonNode dbLatest = dbVersions.get(dbVersions.size() - 1);
    checkVersion(csms, "db-password", "latest", dbLatest.get("id").asText(), dbLatest, List.of("SYSCURRENT"));
    checkVersion(csms, "db-password", "v1", "v1", versionOf(dbPassword, "v1"), List.of("SYSPREVIOUS"));
    JsonNode v7 = versionOf(tlsKey, "v7");
    List<String> v7Stages = new ArrayList<>();
    v7.get("stages").forEach(n -> v7Stages.add(n.asText()));
    checkVersion(csms, "tls-key", "v7", "v7", v7, v7Stages);

    // ShowSecretStage: a custom stage
    check("ShowSecretStage(tls-key, blue): name, secret_name, version_id v7", () -> {
      ShowSecretStageResponse r = (ShowSecretStageResponse) call(
          csms, "ShowSecretStage", new ShowSecretStageRequest().withSecretName("tls-key").withStageName("blue"));
      List<String> wrong = new ArrayList<>();
      same(wrong, "name", "blue", r.getStage().getName());
      same(wrong, "secret_name", "tls-key", r.getStage().getSecretName());
      same(wrong, "version_id", "v7", r.getStage().getVersionId());
      if (r.getStage().getUpdateTime() == null) wrong.add("update_time is missing");
      return wrong;
    });

  }

  /** DownloadSecretBlob, then UploadSecretBlob into the second mock, and the value read back from it. */
  private void backupChecks(CsmsClient csms, CsmsClient csms2, String url2, JsonNode config) {
    JsonNode dbPassword = secretOf(config, "db-password");
    JsonNode dbVersions = dbPassword.get("versions");
    AtomicReference<String> blob = new AtomicReference<>();
    String dbValue = dbVersions.get(dbVersions.size() - 1).get("value").asText();
    check("DownloadSecretBlob(db-password): a backup that does not show the value", () -> {
      DownloadSecretBlobResponse r = (DownloadSecretBlobResponse) call(
          csms, "DownloadSecretBlob", new DownloadSecretBlobRequest().withSecretName("db-password"));
      blob.set(r.getSecretBlob());
      List<String> wrong = new ArrayList<>();
      if (r.getSecretBlob() == null || r.getSecretBlob().isEmpty()) wrong.add("secret_blob is empty");
      else if (r.getSecretBlob().contains(dbValue)) wrong.add("secret_blob contains the value in clear");
      return wrong;
    });
    check("UploadSecretBlob(into mock 2): the restored secret db-password", () -> {
      if (blob.get() == null) return List.of("no backup to restore (DownloadSecretBlob failed)");
      UploadSecretBlobResponse r = (UploadSecretBlobResponse) call(csms2, "UploadSecretBlob",
          new UploadSecretBlobRequest().withBody(new UploadSecretBlobRequestBody().withSecretBlob(blob.get())));
      List<String> wrong = new ArrayList<>();
      same(wrong, "name", "db-password", r.getSecret().getName());
      same(wrong, "description", text(dbPassword, "description"), r.getSecret().getDescription());
      same(wrong, "state", "ENABLED", r.getSecret().getState());
      return wrong;
    });
    check("ShowSecretVersion(mock 2, db-password, latest): the restored value", () -> {
      ShowSecretVersionResponse r = (ShowSecretVersionResponse) call(csms2, "ShowSecretVersion",
          new ShowSecretVersionRequest().withSecretName("db-password").withVersionId("latest"));
      List<String> wrong = new ArrayList<>();
      sameValue(wrong, "secret_string", dbValue, r.getVersion().getSecretString());
      return wrong;
    });
    checkError("UploadSecretBlob(mock 2, same backup again)", url2, ClientRequestException.class, 400, "CSMS.0002",
        "UploadSecretBlob", null,
        () -> call(csms2, "UploadSecretBlob",
            new UploadSecretBlobRequest().withBody(new UploadSecretBlobRequestBody().withSecretBlob(blob.get()))), null);
  }

  /** Typed errors of the reads: status, error code, and request id == the answer's X-Request-Id (the mock's journal). */
  private void errorChecks(String url, CsmsClient csms, JsonNode config, AtomicReference<Map<String, List<String>>> lastHeaders)
      throws Exception {
    CsmsClient wrongSk = client(url, "not-" + need("CSMS_SK"), HttpConfig.getDefaultHttpConfig().withTimeout(20));
    checkError("wrong SK", url, ClientRequestException.class, 401, "APIGW.0301", "ShowSecret", "db-password",
        () -> call(wrongSk, "ShowSecret", new ShowSecretRequest().withSecretName("db-password")), null);
    checkError("unknown secret", url, ClientRequestException.class, 404, "CSMS.0005", "ShowSecret", "no-such-secret",
        () -> call(csms, "ShowSecret", new ShowSecretRequest().withSecretName("no-such-secret")), null);
    String retryAfter = config.get("faults").findValues("retryAfter").get(0).asText();
    checkError("throttled (Retry-After " + retryAfter + ": not on the exception, seen by an HttpListener)", url,
        ClientRequestException.class, 429, "APIGW.0308", "ShowSecret", "throttled",
        () -> call(csms, "ShowSecret", new ShowSecretRequest().withSecretName("throttled")),
        e -> {
          // The exception has no headers; Retry-After is only visible to an HttpListener.
          Map<String, List<String>> h = lastHeaders.get();
          List<String> got = h == null ? null : header(h, "retry-after");
          return Objects.equals(got, List.of(retryAfter))
              ? null
              : "Retry-After " + got + " seen by the HttpListener, expected [" + retryAfter + "]";
        });
    // A body that is not JSON: the Java SDK leaves error_code null (Python's uses the status) and puts the page in error_msg.
    checkError("gateway-down (502 HTML page)", url, ServerResponseException.class, 502, null, "ShowSecret", "gateway-down",
        () -> call(csms, "ShowSecret", new ShowSecretRequest().withSecretName("gateway-down")),
        e -> e.getErrorMsg() != null && e.getErrorMsg().contains("<h1>502</h1>") ? null : "error_msg is not the gateway's HTML page");
  }

  /** The IAM token: no public token mode in the Java SDK; see IamToken. */
  private void tokenChecks(String url) {
    AtomicReference<Map<String, List<String>>> sent = new AtomicReference<>();
    CsmsClient tokenClient = tokenClient(url, need("CSMS_TOKEN"), HttpListener.forRequestListener(r -> sent.set(r.headers())));
    check("ShowSecret(db-password) with X-Auth-Token only (relies on the IamToken hack)", () -> {
      Secret secret = ((ShowSecretResponse) call(
          tokenClient, "ShowSecret", new ShowSecretRequest().withSecretName("db-password"))).getSecret();
      List<String> wrong = new ArrayList<>();
      same(wrong, "name", "db-password", secret.getName());
      Map<String, List<String>> h = sent.get();
      if (h == null) wrong.add("the request listener saw no request");
      else {
        if (header(h, "x-auth-token") == null) wrong.add("no X-Auth-Token header was sent");
        if (header(h, "authorization") != null) wrong.add("an Authorization header was sent too");
      }
      return wrong;
    });
    CsmsClient badTokenClient = tokenClient(url, "not-" + need("CSMS_TOKEN"));
    checkError("unknown token", url, ClientRequestException.class, 401, "APIGW.0301", "ShowSecret", "db-password",
        () -> call(badTokenClient, "ShowSecret", new ShowSecretRequest().withSecretName("db-password")), null);
  }

  /** ShowSecretVersion of one version: its id, stages and value (text or binary) against the config. */
  private void checkVersion(CsmsClient csms, String name, String asked, String id, JsonNode expected, List<String> stages) {
    boolean binary = expected.has("binary");
    String field = binary ? "secret_binary" : "secret_string";
    check("ShowSecretVersion(" + name + ", " + asked + "): id " + id + ", stages " + stages + ", " + field,
        () -> {
          Version v = ((ShowSecretVersionResponse) call(csms, "ShowSecretVersion",
              new ShowSecretVersionRequest().withSecretName(name).withVersionId(asked))).getVersion();
          List<String> wrong = new ArrayList<>();
          same(wrong, "version_metadata.id", id, v.getVersionMetadata().getId());
          same(wrong, "version_metadata.secret_name", name, v.getVersionMetadata().getSecretName());
          same(wrong, "version_metadata.version_stages", stages, v.getVersionMetadata().getVersionStages());
          if (binary) {
            sameValue(wrong, "secret_binary", expected.get("binary").asText(), v.getSecretBinary());
            same(wrong, "secret_string", null, v.getSecretString() == null ? null : "(present)");
          } else {
            sameValue(wrong, "secret_string", expected.get("value").asText(), v.getSecretString());
            same(wrong, "secret_binary", null, v.getSecretBinary() == null ? null : "(present)");
          }
          return wrong;
        });
  }

  /**
   * One typed error: the exception's class, status, error code, and request id against the last entry of the mock's journal
   * (which must be this operation, with this status).
   */
  void checkError(String what, String mockUrl, Class<? extends ServiceResponseException> type, int status, String code,
      String operation, String secretName, ThrowingRunnable call, ExtraCheck extra) {
    String title = what + " → " + type.getSimpleName() + " " + status + ", error_code " + code + ", request_id = X-Request-Id";
    check(title, () -> {
      try {
        call.run();
        return List.of("the call succeeded");
      } catch (ServiceResponseException e) {
        List<String> wrong = new ArrayList<>();
        if (!type.isInstance(e)) wrong.add("exception " + e.getClass().getSimpleName() + ", expected " + type.getSimpleName());
        same(wrong, "status", status, e.getHttpStatusCode());
        same(wrong, "error_code", code, e.getErrorCode());
        JsonNode last = lastJournalEntry(mockUrl);
        if (last == null) wrong.add("the mock's journal is empty");
        else {
          same(wrong, "journal operation", operation, text(last, "operation"));
          same(wrong, "journal secretName", secretName, text(last, "secretName"));
          same(wrong, "journal status", String.valueOf(status), last.path("status").asText());
          if (text(last, "requestId") == null) wrong.add("the answer had no X-Request-Id");
          same(wrong, "request_id", text(last, "requestId"), e.getRequestId());
        }
        if (extra != null) {
          String problem = extra.check(e);
          if (problem != null) wrong.add(problem);
        }
        System.out.println("    (" + e.getClass().getSimpleName() + ": status " + e.getHttpStatusCode() + ", error_code "
            + e.getErrorCode() + ", error_msg " + quote(firstLine(e.getErrorMsg())) + ")");
        return wrong;
      }
    });
  }

  /**
   * A documented error of an operation, by the name its example carries in x-mock-error: the status and code come from the
   * document (flat, or wrapped in {"error": {…}} as the tag, event and notification operations write them), and the SDK must
   * parse the code either way.
   */
  void checkDocumented(String what, String mockUrl, String operationId, String error, String secretName, ThrowingRunnable call,
      ExtraCheck extra) {
    Document.Error e = document.error(operationId, error);
    Class<? extends ServiceResponseException> type = e.status() >= 500 ? ServerResponseException.class : ClientRequestException.class;
    checkError(what + " [" + error + (e.wrapped() ? ", body wrapped in \"error\"" : "") + "]", mockUrl, type, e.status(), e.code(),
        operationId, secretName, call, extra);
  }

  /**
   * A documented error asked for with {@code Prefer: code=…, example=…} (the mock then answers that example of the document,
   * as it does for the operations it answers from examples only): checks the SDK parses its status and code.
   */
  void checkPreferred(String what, String mockUrl, CsmsClient client, String operationId, String error, Object request) {
    Document.Error e = document.error(operationId, error);
    Map<String, String> prefer = Map.of("Prefer", "code=" + e.status() + ", example=" + document.errorExample(operationId, error));
    checkDocumented(what + " (Prefer: the document's example)", mockUrl, operationId, error, null,
        () -> call(client, operationId, request, prefer), null);
  }

  /**
   * An SDK result against a response example of the document, field by field as the SDK writes them back in JSON (its
   * models' property names): a field the SDK dropped, renamed or typed differently shows here.
   */
  List<String> sameAsExample(String operationId, String status, String example, Object result) {
    return sameJson("the document's example '" + example + "'", document.example(operationId, status, example), result);
  }

  /** An SDK result (or RawOperations.Response) against JSON, top-level field by field; what differs. */
  static List<String> sameJson(String label, JsonNode want, Object result) {
    JsonNode got = result instanceof RawOperations.Response raw
        ? JSON.valueToTree(raw.fields())
        : JsonUtils.getDefaultMapper().valueToTree(result);
    if (got instanceof ObjectNode o) o.remove("httpStatusCode");
    // Numbers compare by value: the document's 1 and the SDK's 1L are the same number.
    Comparator<JsonNode> byValue = (a, b) -> a.equals(b) || (a.isNumber() && b.isNumber()
        && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;
    Set<String> names = new LinkedHashSet<>();
    want.fieldNames().forEachRemaining(names::add);
    got.fieldNames().forEachRemaining(names::add);
    List<String> wrong = new ArrayList<>();
    for (String name : names) {
      JsonNode w = want.get(name);
      JsonNode g = got.get(name);
      if (w == null || g == null || !w.equals(byValue, g))
        wrong.add(name + " " + g + ", " + label + " has " + w);
    }
    return wrong;
  }

  /**
   * For an operation the mock answers from the document's examples: the SDK's result without a Prefer (AK/SK) is the first
   * 200 example, and with {@code Prefer: example=name} (token) each example in turn.
   */
  void checkExamples(Lifecycle lc, String operationId, Supplier<Object> request) {
    String first = document.firstExample(operationId, "200");
    check(operationId + " [AK/SK]: the SDK's result is the document's first example, " + first,
        () -> sameAsExample(operationId, "200", first, call(lc.csms, operationId, request.get())));
    for (String name : document.exampleNames(operationId, "200")) {
      check(operationId + " (Prefer: example=" + name + ") [token]: the SDK's result is that example", () ->
          sameAsExample(operationId, "200", name, call(lc.token, operationId, request.get(), Map.of("Prefer", "code=200, example=" + name))));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The document's operations → the SDK's methods

  /**
   * ShowSecretVersion → CsmsClient.showSecretVersion(ShowSecretVersionRequest); one check per operation of the document. The
   * operations the SDK lacks (RawOperations.MISSING_FROM_SDK) pass when the SDK indeed has no method for them, and are called
   * through RawOperations.
   */
  private void mapOperations() {
    for (Document.Operation op : document.operations().values()) {
      String id = op.id();
      String name = Character.toLowerCase(id.charAt(0)) + id.substring(1);
      Method method = null;
      String problem = null;
      try {
        Class<?> request = Class.forName(MODEL + id + "Request");
        method = CsmsClient.class.getMethod(name, request);
        Class<?> response = Class.forName(MODEL + id + "Response");
        if (!response.isAssignableFrom(method.getReturnType())) problem = name + " returns " + method.getReturnType().getSimpleName();
      } catch (ClassNotFoundException e) {
        problem = "the SDK has no class " + e.getMessage();
      } catch (NoSuchMethodException e) {
        problem = "CsmsClient has no " + name + "(" + id + "Request)";
      }
      boolean missing = RawOperations.MISSING_FROM_SDK.contains(id);
      methods.put(id, problem == null ? method : null);
      String label = op.method() + " " + op.path();
      String p = problem;
      if (missing) {
        check(id + " (" + label + ") is not in this SDK: called through HcClient.syncInvokeHttp (RawOperations)",
            () -> p != null ? List.of() : List.of("the SDK has " + name + " now: remove " + id + " from RawOperations.MISSING_FROM_SDK"));
      } else {
        check(id + " (" + label + ") → CsmsClient." + name + "(" + id + "Request)", () -> p == null ? List.of() : List.of(p));
      }
    }
    if (methods.isEmpty()) fail("the document's operations", "CSMS_OPENAPI has no operations");
  }

  /** Calls an operation through the SDK method the document's operationId maps to (or RawOperations, with a JsonNode body). */
  Object call(CsmsClient client, String operationId, Object request) throws Exception {
    return call(client, operationId, request, Map.of());
  }

  /**
   * The same with extra headers (e.g. {@code Prefer}, which picks one of the document's examples for the operations the mock
   * answers from examples), through the invoker the SDK has beside each method ({@code showAgencyInvoker(request)}).
   */
  Object call(CsmsClient client, String operationId, Object request, Map<String, String> headers) throws Exception {
    if (!methods.containsKey(operationId)) throw new IllegalStateException("the document has no operation " + operationId);
    Method method = methods.get(operationId);
    if (method == null && !RawOperations.MISSING_FROM_SDK.contains(operationId))
      throw new IllegalStateException("the SDK has no method for " + operationId);
    called.add(operationId);
    try {
      SyncInvoker<?, ?> invoker = method == null
          ? RawOperations.invoker(client, document.operation(operationId), (JsonNode) request)
          : (SyncInvoker<?, ?>) CsmsClient.class.getMethod(method.getName() + "Invoker", method.getParameterTypes()[0])
              .invoke(client, request);
      for (Map.Entry<String, String> h : headers.entrySet()) invoker.addHeader(h.getKey(), h.getValue());
      return invoker.invoke();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }

  Document document() {
    return document;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** A client that signs with AK/SK. */
  CsmsClient client(String url, String sk, HttpConfig http) {
    BasicCredentials credentials = new BasicCredentials().withAk(need("CSMS_AK")).withSk(sk).withProjectId(need("CSMS_PROJECT_ID"));
    return new ClientBuilder<>(RawOperations.Client::new).withHttpConfig(http).withCredential(credentials)
        .withEndpoints(List.of(url)).build();
  }

  /** A client that sends an IAM token in X-Auth-Token (see IamToken), with the listeners given. */
  CsmsClient tokenClient(String url, String iamToken, HttpListener... listeners) {
    IamToken.BasicCredentials token = new IamToken.BasicCredentials(iamToken);
    token.withProjectId(need("CSMS_PROJECT_ID"));
    HttpConfig http = HttpConfig.getDefaultHttpConfig().withTimeout(20);
    for (HttpListener listener : listeners) http.addHttpListener(listener);
    return new ClientBuilder<>(RawOperations.Client::new).withHttpConfig(http).withCredential(token)
        .withEndpoints(List.of(url)).build();
  }

  /** The last entry of a mock's journal (GET /_mock/requests), read with plain HTTP, not the SDK. */
  static JsonNode lastJournalEntry(String mockUrl) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(mockUrl + "/_mock/requests")).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) throw new IllegalStateException("GET /_mock/requests answered " + r.statusCode());
    JsonNode requests = JSON.readTree(r.body()).get("requests");
    return requests == null || requests.isEmpty() ? null : requests.get(requests.size() - 1);
  }

  static List<String> header(Map<String, List<String>> headers, String name) {
    Map<String, List<String>> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ci.putAll(headers);
    return ci.get(name);
  }

  private static JsonNode secretOf(JsonNode config, String name) {
    for (JsonNode s : config.get("secrets")) if (name.equals(s.get("name").asText())) return s;
    throw new IllegalStateException("CSMS_MOCK_CONFIG has no secret " + name);
  }

  private static JsonNode versionOf(JsonNode secret, String id) {
    for (JsonNode v : secret.get("versions")) if (id.equals(v.get("id").asText())) return v;
    throw new IllegalStateException("CSMS_MOCK_CONFIG has no version " + id + " of " + secret.get("name").asText());
  }

  private static List<String> names(List<Secret> secrets) {
    return secrets == null ? null : secrets.stream().map(Secret::getName).toList();
  }

  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static void same(List<String> wrong, String field, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) wrong.add(field + " " + quote(actual) + ", expected " + quote(expected));
  }

  /** Like same(), for a secret value: says only that it differs. */
  static void sameValue(List<String> wrong, String field, String expected, String actual) {
    if (!Objects.equals(expected, actual)) wrong.add(field + (actual == null ? " is missing" : " differs from the config's value"));
  }

  static String quote(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  static String firstLine(String s) {
    return s == null ? "" : s.split("\n", 2)[0];
  }

  String need(String name) {
    String v = env.get(name);
    if (v == null || v.isEmpty()) throw new IllegalStateException(name + " is not set (run through scripts/test-sdks.mjs)");
    return v;
  }

  void check(String title, Check check) {
    List<String> wrong;
    try {
      wrong = check.run();
    } catch (ServiceResponseException e) {
      wrong = List.of(
          e.getClass().getSimpleName() + " " + e.getHttpStatusCode() + " " + e.getErrorCode() + ": " + firstLine(e.getErrorMsg()));
    } catch (Exception e) {
      wrong = List.of(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    }
    if (wrong.isEmpty()) {
      passed++;
      System.out.println("✓ " + title);
    } else {
      fail(title, String.join("; ", wrong));
    }
  }

  private void fail(String title, String why) {
    failures.add(title + ": " + why);
    System.out.println("✗ " + title + ": " + why);
  }

  private void finish() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("suite", "java");
    result.put("tool", "huaweicloud-sdk-csms (Java)");
    result.put("version", sdkVersion());
    result.put("passed", passed);
    result.put("failed", failures.size());
    result.put("failures", failures);
    try {
      System.out.println("RESULT " + JSON.writeValueAsString(result));
    } catch (Exception e) {
      System.out.println("RESULT {\"suite\":\"java\",\"passed\":0,\"failed\":1,\"failures\":[\"the RESULT line could not be written\"]}");
    }
    System.exit(failures.isEmpty() && passed > 0 ? 0 : 1);
  }

  /** The version of the SDK jar actually on the class path (its Maven pom.properties). */
  private static String sdkVersion() {
    try (InputStream in = CsmsClient.class.getResourceAsStream("/META-INF/maven/com.huaweicloud.sdk/huaweicloud-sdk-csms/pom.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }

  @FunctionalInterface
  interface Check {
    List<String> run() throws Exception;
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @FunctionalInterface
  interface ExtraCheck {
    String check(ServiceResponseException e) throws Exception;
  }
}
