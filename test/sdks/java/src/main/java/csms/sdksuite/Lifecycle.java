package csms.sdksuite;

import com.huaweicloud.sdk.core.HttpListener;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.csms.v1.CsmsClient;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretStageResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretVersionsResponse;
import com.huaweicloud.sdk.csms.v1.model.RestoreSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.RestoreSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretStageResponse;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretVersionResponse;
import com.huaweicloud.sdk.csms.v1.model.Stage;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageResponse;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionResponse;
import com.huaweicloud.sdk.csms.v1.model.Version;
import com.huaweicloud.sdk.csms.v1.model.VersionMetadata;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A secret's whole life through the SDK's typed client (issue 23 §4), each step read back through the same SDK: create (a text
 * and a binary value) → new version → stage moves → expire time → update → scheduled deletion → value refused → cancel →
 * delete. The text secret's writes are AK/SK-signed (the mock verifies each signature over method, path, query and body); the
 * binary secret's go with the IAM token. Bulk import and rotation are in {@link ImportAndRotate}, the write operations'
 * remaining documented errors in {@link WriteErrors}.
 *
 * <p>Expected values are what this class sent and the vendor's rules as issue 23 states them (codes CSMS.0103, 0105, 0108,
 * 0005); secret names are unique per run, values random and never printed.
 */
final class Lifecycle {
  static final String SYSCURRENT = "SYSCURRENT";
  static final String SYSPREVIOUS = "SYSPREVIOUS";
  static final long DAY_MS = 86_400_000L;
  private static final String CUSTOM_STAGE = "canary";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Suite suite;
  private final String url;
  /** AK/SK-signed, and with the IAM token; each records the last answer it saw (see {@link Wire}). */
  final CsmsClient csms;
  final CsmsClient token;
  final AtomicReference<Wire> lastAkSk = new AtomicReference<>();
  final AtomicReference<Wire> lastToken = new AtomicReference<>();
  /** What the token client sent that it should not have: a request without X-Auth-Token, or with Authorization. */
  final List<String> tokenLeaks = new ArrayList<>();
  private int tokenRequests;

  /** This run's secret names: unique, so the suite does not depend on what ran before it. */
  final String run = HexFormat.of().formatHex(randomBytes(4));
  private final String text = "java-" + run + "-text";
  private final String binary = "java-" + run + "-binary";
  private final String value1 = randomText();
  private final String value2 = randomText();
  private final String binary1 = Base64.getEncoder().encodeToString(randomBytes(24));
  private final String binary2 = Base64.getEncoder().encodeToString(randomBytes(24));
  /** The second version's id, as CreateSecretVersion answered it. */
  private final AtomicReference<String> v2 = new AtomicReference<>();

  /** One answer as an HttpListener saw it: the status and whether a body came (never the body: it may hold a value). */
  record Wire(String method, int status, boolean hasBody) {}

  Lifecycle(Suite suite, String url) {
    this.suite = suite;
    this.url = url;
    csms = suite.client(url, suite.need("CSMS_SK"), HttpConfig.getDefaultHttpConfig().withTimeout(20).addHttpListener(recorder(lastAkSk)));
    token = suite.tokenClient(url, suite.need("CSMS_TOKEN"), recorder(lastToken), HttpListener.forRequestListener(r -> {
      tokenRequests++;
      boolean hasToken = Suite.header(r.headers(), "x-auth-token") != null;
      boolean hasAuthorization = Suite.header(r.headers(), "authorization") != null;
      if (!hasToken || hasAuthorization) tokenLeaks.add(r.httpMethod() + (hasToken ? " with Authorization" : " without X-Auth-Token"));
    }));
  }

  void run() {
    create();
    newVersion();
    stageMoves();
    expireTime();
    update();
    scheduledDeletion();
    cancelAndDelete();
    binaryLife();
    new ImportAndRotate(suite, this, url, binary).run();
    new WriteErrors(suite, this, url, binary).run();
    deleteWithToken();
    suite.check("the token client sent " + tokenRequests + " requests, each with X-Auth-Token and none with Authorization",
        () -> tokenRequests == 0 ? List.of("it sent none") : List.copyOf(tokenLeaks));
  }

  // ---------------------------------------------------------------------------------------------
  // The text secret, AK/SK-signed

  private void create() {
    long before = System.currentTimeMillis();
    suite.check("CreateSecret(" + text + ", secret_string, description) [AK/SK]: ENABLED, COMMON, no deletion scheduled", () -> {
      Secret s = ((CreateSecretResponse) suite.call(csms, "CreateSecret", new CreateSecretRequest().withBody(
          new CreateSecretRequestBody().withName(text).withSecretString(value1).withDescription("created by the Java suite"))))
          .getSecret();
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "name", text, s.getName());
      Suite.same(wrong, "state", "ENABLED", s.getState());
      Suite.same(wrong, "description", "created by the Java suite", s.getDescription());
      Suite.same(wrong, "secret_type", "COMMON", s.getSecretType() == null ? null : s.getSecretType().getValue());
      Suite.same(wrong, "scheduled_delete_time", null, s.getScheduledDeleteTime());
      if (s.getKmsKeyId() == null || s.getKmsKeyId().isEmpty()) wrong.add("kms_key_id is missing");
      within(wrong, "create_time", s.getCreateTime(), before, System.currentTimeMillis());
      return wrong;
    });
    suite.check("ShowSecretVersion(" + text + ", latest) after CreateSecret: v1, [SYSCURRENT], secret_string as sent", () -> {
      Version v = version(csms, text, "latest");
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "id", "v1", v.getVersionMetadata().getId());
      Suite.same(wrong, "version_stages", List.of(SYSCURRENT), v.getVersionMetadata().getVersionStages());
      Suite.sameValue(wrong, "secret_string", value1, v.getSecretString());
      Suite.same(wrong, "secret_binary", null, v.getSecretBinary() == null ? null : "(present)");
      return wrong;
    });
  }

  private void newVersion() {
    suite.check("CreateSecretVersion(" + text + ", secret_string) [AK/SK]: a new id, [SYSCURRENT]", () -> {
      VersionMetadata m = ((CreateSecretVersionResponse) suite.call(csms, "CreateSecretVersion", new CreateSecretVersionRequest()
          .withSecretName(text).withBody(new CreateSecretVersionRequestBody().withSecretString(value2)))).getVersionMetadata();
      v2.set(m.getId());
      List<String> wrong = new ArrayList<>();
      if (m.getId() == null || m.getId().equals("v1")) wrong.add("id " + Suite.quote(m.getId()) + ", expected a new one");
      Suite.same(wrong, "secret_name", text, m.getSecretName());
      Suite.same(wrong, "version_stages", List.of(SYSCURRENT), m.getVersionStages());
      return wrong;
    });
    suite.check("ShowSecretStage(" + text + "): SYSCURRENT moved to the new version, SYSPREVIOUS to v1; its value as sent", () -> {
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "SYSCURRENT", v2.get(), stage(csms, text, SYSCURRENT).getVersionId());
      Suite.same(wrong, "SYSPREVIOUS", "v1", stage(csms, text, SYSPREVIOUS).getVersionId());
      Suite.sameValue(wrong, "secret_string of " + v2.get(), value2, version(csms, text, v2.get()).getSecretString());
      return wrong;
    });
  }

  private void stageMoves() {
    suite.check("UpdateSecretStage(" + text + ", " + CUSTOM_STAGE + " → new version) [AK/SK]: read back with ShowSecretStage", () -> {
      Stage moved = ((UpdateSecretStageResponse) suite.call(csms, "UpdateSecretStage", new UpdateSecretStageRequest()
          .withSecretName(text).withStageName(CUSTOM_STAGE).withBody(new UpdateSecretStageRequestBody().withVersionId(v2.get()))))
          .getStage();
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "answer's name", CUSTOM_STAGE, moved.getName());
      Suite.same(wrong, "answer's version_id", v2.get(), moved.getVersionId());
      Suite.same(wrong, "ShowSecretStage version_id", v2.get(), stage(csms, text, CUSTOM_STAGE).getVersionId());
      return wrong;
    });
    suite.check("UpdateSecretStage(" + text + ", SYSCURRENT → v1) [AK/SK]: SYSCURRENT on v1, SYSPREVIOUS follows to the new version",
        () -> {
          Stage moved = ((UpdateSecretStageResponse) suite.call(csms, "UpdateSecretStage", new UpdateSecretStageRequest()
              .withSecretName(text).withStageName(SYSCURRENT).withBody(new UpdateSecretStageRequestBody().withVersionId("v1"))))
              .getStage();
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "answer's version_id", "v1", moved.getVersionId());
          Suite.same(wrong, "SYSCURRENT", "v1", stage(csms, text, SYSCURRENT).getVersionId());
          Suite.same(wrong, "SYSPREVIOUS", v2.get(), stage(csms, text, SYSPREVIOUS).getVersionId());
          Suite.sameValue(wrong, "secret_string of SYSCURRENT", value1, version(csms, text, "v1").getSecretString());
          return wrong;
        });
    // DeleteSecretStage answers 204 with no body; the SDK gives a DeleteSecretStageResponse carrying that status.
    suite.check("DeleteSecretStage(" + text + ", " + CUSTOM_STAGE + ") [token]: 204, no body; the stage is gone from ListSecretVersions",
        () -> {
          DeleteSecretStageResponse r = (DeleteSecretStageResponse) suite.call(token, "DeleteSecretStage",
              new DeleteSecretStageRequest().withSecretName(text).withStageName(CUSTOM_STAGE));
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "the response's status", 204, r.getHttpStatusCode());
          Suite.same(wrong, "on the wire", new Wire("DELETE", 204, false), lastToken.get());
          List<List<String>> stages = versions(csms, text).stream().map(VersionMetadata::getVersionStages).toList();
          if (stages.stream().anyMatch(s -> s != null && s.contains(CUSTOM_STAGE))) wrong.add("a version still has " + CUSTOM_STAGE);
          return wrong;
        });
    suite.checkError("ShowSecretStage(" + text + ", " + CUSTOM_STAGE + ") after DeleteSecretStage", url, ClientRequestException.class,
        404, "CSMS.0005", "ShowSecretStage", text,
        () -> suite.call(csms, "ShowSecretStage", new ShowSecretStageRequest().withSecretName(text).withStageName(CUSTOM_STAGE)), null);
    suite.checkError("DeleteSecretStage(" + text + ", SYSCURRENT) [AK/SK], refused; SYSCURRENT stays on v1", url,
        ClientRequestException.class, 400, "CSMS.0105", "DeleteSecretStage", text,
        () -> suite.call(csms, "DeleteSecretStage", new DeleteSecretStageRequest().withSecretName(text).withStageName(SYSCURRENT)),
        e -> {
          String current = stage(csms, text, SYSCURRENT).getVersionId();
          return "v1".equals(current) ? null : "SYSCURRENT is now on " + current;
        });
  }

  private void expireTime() {
    // A whole second 30 days ahead, in milliseconds (the document's EpochMillis).
    long expire = (System.currentTimeMillis() + 30 * DAY_MS) / 1000 * 1000;
    suite.check("UpdateVersion(" + text + ", v1, expire_time " + expire + ") [AK/SK]: in the answer, ListSecretVersions and "
        + "ShowSecretVersion", () -> {
          VersionMetadata m = ((UpdateVersionResponse) suite.call(csms, "UpdateVersion", new UpdateVersionRequest()
              .withSecretName(text).withVersionId("v1").withBody(new UpdateVersionRequestBody().withExpireTime(expire))))
              .getVersionMetadata();
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "answer's id", "v1", m.getId());
          Suite.same(wrong, "answer's expire_time", expire, m.getExpireTime());
          VersionMetadata listed = versions(csms, text).stream().filter(v -> "v1".equals(v.getId())).findFirst().orElse(null);
          if (listed == null) wrong.add("ListSecretVersions has no v1");
          else Suite.same(wrong, "ListSecretVersions v1.expire_time", expire, listed.getExpireTime());
          Suite.same(wrong, "ShowSecretVersion v1 expire_time", expire, version(csms, text, "v1").getVersionMetadata().getExpireTime());
          VersionMetadata other = versions(csms, text).stream().filter(v -> v2.get().equals(v.getId())).findFirst().orElse(null);
          if (other != null && other.getExpireTime() != null) wrong.add(v2.get() + " got an expire_time too");
          return wrong;
        });
  }

  private void update() {
    suite.check("UpdateSecret(" + text + ", description) [AK/SK]: read back with ShowSecret; the value unchanged", () -> {
      Secret s = ((UpdateSecretResponse) suite.call(csms, "UpdateSecret", new UpdateSecretRequest().withSecretName(text)
          .withBody(new UpdateSecretRequestBody().withDescription("updated by the Java suite")))).getSecret();
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "answer's description", "updated by the Java suite", s.getDescription());
      Suite.same(wrong, "ShowSecret description", "updated by the Java suite", secret(csms, text).getDescription());
      Suite.sameValue(wrong, "secret_string of v1", value1, version(csms, text, "v1").getSecretString());
      return wrong;
    });
  }

  private void scheduledDeletion() {
    suite.check("DeleteSecretForSchedule(" + text + ", 7 days) [AK/SK]: PENDING_DELETE, scheduled_delete_time = now + 7 days (ms), "
        + "read back with ShowSecret", () -> {
          long before = System.currentTimeMillis();
          Secret s = ((DeleteSecretForScheduleResponse) suite.call(csms, "DeleteSecretForSchedule", new DeleteSecretForScheduleRequest()
              .withSecretName(text).withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(7)))).getSecret();
          long after = System.currentTimeMillis();
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "answer's state", "PENDING_DELETE", s.getState());
          within(wrong, "answer's scheduled_delete_time", s.getScheduledDeleteTime(), before + 7 * DAY_MS, after + 7 * DAY_MS);
          Secret shown = secret(csms, text);
          Suite.same(wrong, "ShowSecret state", "PENDING_DELETE", shown.getState());
          Suite.same(wrong, "ShowSecret scheduled_delete_time", s.getScheduledDeleteTime(), shown.getScheduledDeleteTime());
          return wrong;
        });
    suite.checkError("ShowSecretVersion(" + text + ", latest) while PENDING_DELETE [AK/SK]", url, ClientRequestException.class, 400,
        "CSMS.0103", "ShowSecretVersion", text,
        () -> suite.call(csms, "ShowSecretVersion", new ShowSecretVersionRequest().withSecretName(text).withVersionId("latest")), null);
    suite.checkError("CreateSecretVersion(" + text + ") while PENDING_DELETE [AK/SK], refused; no version added", url,
        ClientRequestException.class, 400, "CSMS.0103", "CreateSecretVersion", text,
        () -> suite.call(csms, "CreateSecretVersion", new CreateSecretVersionRequest().withSecretName(text)
            .withBody(new CreateSecretVersionRequestBody().withSecretString(randomText()))),
        e -> versions(csms, text).size() == 2 ? null : "the secret has " + versions(csms, text).size() + " versions, expected 2");
    suite.checkError("DeleteSecretForSchedule(" + text + ") again [AK/SK]", url, ClientRequestException.class, 400, "CSMS.0107",
        "DeleteSecretForSchedule", text,
        () -> suite.call(csms, "DeleteSecretForSchedule", new DeleteSecretForScheduleRequest().withSecretName(text)
            .withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(30))), null);
  }

  private void cancelAndDelete() {
    suite.check("RestoreSecret(" + text + ") [AK/SK]: ENABLED, no deletion scheduled; ShowSecret and the value agree", () -> {
      Secret s = ((RestoreSecretResponse) suite.call(csms, "RestoreSecret", new RestoreSecretRequest().withSecretName(text))).getSecret();
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "answer's state", "ENABLED", s.getState());
      Suite.same(wrong, "answer's scheduled_delete_time", null, s.getScheduledDeleteTime());
      Suite.same(wrong, "ShowSecret state", "ENABLED", secret(csms, text).getState());
      Suite.sameValue(wrong, "secret_string of SYSCURRENT (v1)", value1, version(csms, text, "v1").getSecretString());
      return wrong;
    });
    suite.checkError("RestoreSecret(" + text + ") a second time [AK/SK]", url, ClientRequestException.class, 400, "CSMS.0108",
        "RestoreSecret", text, () -> suite.call(csms, "RestoreSecret", new RestoreSecretRequest().withSecretName(text)), null);
    // DeleteSecret answers 200 with an empty body; the SDK gives a DeleteSecretResponse carrying that status.
    suite.check("DeleteSecret(" + text + ") [AK/SK]: 200, empty body", () -> {
      DeleteSecretResponse r = (DeleteSecretResponse) suite.call(csms, "DeleteSecret", new DeleteSecretRequest().withSecretName(text));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "the response's status", 200, r.getHttpStatusCode());
      Suite.same(wrong, "on the wire", new Wire("DELETE", 200, false), lastAkSk.get());
      return wrong;
    });
    suite.checkError("ShowSecret(" + text + ") after DeleteSecret [AK/SK]", url, ClientRequestException.class, 404, "CSMS.0005",
        "ShowSecret", text, () -> suite.call(csms, "ShowSecret", new ShowSecretRequest().withSecretName(text)), null);
  }

  // ---------------------------------------------------------------------------------------------
  // The binary secret, with the IAM token

  private void binaryLife() {
    suite.check("CreateSecret(" + binary + ", secret_binary) [token]: ShowSecretVersion(v1) gives the bytes back, no secret_string",
        () -> {
          Secret s = ((CreateSecretResponse) suite.call(token, "CreateSecret", new CreateSecretRequest()
              .withBody(new CreateSecretRequestBody().withName(binary).withSecretBinary(binary1)))).getSecret();
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "name", binary, s.getName());
          Suite.same(wrong, "state", "ENABLED", s.getState());
          Version v = version(token, binary, "v1");
          Suite.same(wrong, "version_stages", List.of(SYSCURRENT), v.getVersionMetadata().getVersionStages());
          Suite.sameValue(wrong, "secret_binary", binary1, v.getSecretBinary());
          Suite.same(wrong, "secret_string", null, v.getSecretString() == null ? null : "(present)");
          return wrong;
        });
    suite.check("CreateSecretVersion(" + binary + ", secret_binary) [token]: latest gives the new bytes, SYSPREVIOUS on v1", () -> {
      VersionMetadata m = ((CreateSecretVersionResponse) suite.call(token, "CreateSecretVersion", new CreateSecretVersionRequest()
          .withSecretName(binary).withBody(new CreateSecretVersionRequestBody().withSecretBinary(binary2)))).getVersionMetadata();
      List<String> wrong = new ArrayList<>();
      Version latest = version(token, binary, "latest");
      Suite.same(wrong, "latest id", m.getId(), latest.getVersionMetadata().getId());
      Suite.sameValue(wrong, "secret_binary", binary2, latest.getSecretBinary());
      Suite.same(wrong, "SYSPREVIOUS", "v1", stage(token, binary, SYSPREVIOUS).getVersionId());
      return wrong;
    });
    suite.check("UpdateSecret(" + binary + ", description) [token]: read back with ShowSecret", () -> {
      suite.call(token, "UpdateSecret", new UpdateSecretRequest().withSecretName(binary)
          .withBody(new UpdateSecretRequestBody().withDescription("binary, updated with the token")));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "description", "binary, updated with the token", secret(token, binary).getDescription());
      return wrong;
    });
  }

  private void deleteWithToken() {
    suite.check("DeleteSecret(" + binary + ") [token]: 200, empty body; then ShowSecret finds nothing", () -> {
      DeleteSecretResponse r = (DeleteSecretResponse) suite.call(token, "DeleteSecret", new DeleteSecretRequest().withSecretName(binary));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "the response's status", 200, r.getHttpStatusCode());
      Suite.same(wrong, "on the wire", new Wire("DELETE", 200, false), lastToken.get());
      if (exists(token, binary)) wrong.add("ShowSecret still finds it");
      return wrong;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Reads through the SDK, and helpers

  Secret secret(CsmsClient client, String name) throws Exception {
    return ((ShowSecretResponse) suite.call(client, "ShowSecret", new ShowSecretRequest().withSecretName(name))).getSecret();
  }

  Version version(CsmsClient client, String name, String id) throws Exception {
    return ((ShowSecretVersionResponse) suite.call(client, "ShowSecretVersion",
        new ShowSecretVersionRequest().withSecretName(name).withVersionId(id))).getVersion();
  }

  Stage stage(CsmsClient client, String name, String stage) throws Exception {
    return ((ShowSecretStageResponse) suite.call(client, "ShowSecretStage",
        new ShowSecretStageRequest().withSecretName(name).withStageName(stage))).getStage();
  }

  List<VersionMetadata> versions(CsmsClient client, String name) throws Exception {
    return ((ListSecretVersionsResponse) suite.call(client, "ListSecretVersions",
        new ListSecretVersionsRequest().withSecretName(name))).getVersionMetadatas();
  }

  /** An HttpListener that keeps the last answer's method, status and whether it had a body. */
  private static HttpListener recorder(AtomicReference<Wire> last) {
    return HttpListener.forResponseListener(
        r -> last.set(new Wire(r.httpMethod(), r.statusCode(), r.body().map(b -> !b.isEmpty()).orElse(false))));
  }

  /** Whether ShowSecret finds the name (404 is "no"; any other failure is the check's failure). */
  boolean exists(CsmsClient client, String name) throws Exception {
    try {
      suite.call(client, "ShowSecret", new ShowSecretRequest().withSecretName(name));
      return true;
    } catch (ClientRequestException e) {
      if (e.getHttpStatusCode() == 404) return false;
      throw e;
    }
  }

  /** A time the mock set between two readings of this machine's clock (one second of slack either side). */
  static void within(List<String> wrong, String field, Long actual, long from, long to) {
    if (actual == null) wrong.add(field + " is missing");
    else if (actual < from - 1000 || actual > to + 1000) wrong.add(field + " " + actual + ", expected between " + from + " and " + to);
  }

  static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static String randomText() {
    return "java-suite-" + HexFormat.of().formatHex(randomBytes(12));
  }
}
