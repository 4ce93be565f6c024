package csms.sdksuite;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretForScheduleRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.RestoreSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.RotateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretStageRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateVersionRequestBody;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The write operations' documented errors that the life cycle does not meet on its way, each as the SDK surfaces it
 * ({@link ClientRequestException}, status, error_code, request id = the answer's X-Request-Id): 404 CSMS.0005 for a secret,
 * version or stage that does not exist, and the 400s of a taken name, two values, a recovery window out of range and a
 * protected stage. Where a refused write could have changed something, the check reads it back.
 */
final class WriteErrors {
  private final Suite suite;
  private final Lifecycle lc;
  private final String url;
  /** A secret of this run that exists (the binary one; its description is what the life cycle set). */
  private final String existing;
  private final String missing;

  WriteErrors(Suite suite, Lifecycle lc, String url, String existing) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
    this.existing = existing;
    missing = "java-" + lc.run + "-missing";
  }

  void run() {
    missingSecret();
    missingVersionAndStage();
    refusedWrites();
  }

  /** Every write operation on a secret that does not exist: 404 CSMS.0005. */
  private void missingSecret() {
    Map<String, Suite.ThrowingRunnable> calls = new LinkedHashMap<>();
    calls.put("UpdateSecret", () -> suite.call(lc.csms, "UpdateSecret", new UpdateSecretRequest().withSecretName(missing)
        .withBody(new UpdateSecretRequestBody().withDescription("nobody"))));
    calls.put("DeleteSecret", () -> suite.call(lc.token, "DeleteSecret", new DeleteSecretRequest().withSecretName(missing)));
    calls.put("CreateSecretVersion", () -> suite.call(lc.csms, "CreateSecretVersion", new CreateSecretVersionRequest()
        .withSecretName(missing).withBody(new CreateSecretVersionRequestBody().withSecretString(Lifecycle.randomText()))));
    calls.put("UpdateVersion", () -> suite.call(lc.csms, "UpdateVersion", new UpdateVersionRequest().withSecretName(missing)
        .withVersionId("v1").withBody(new UpdateVersionRequestBody().withExpireTime(System.currentTimeMillis() + Lifecycle.DAY_MS))));
    calls.put("UpdateSecretStage", () -> suite.call(lc.csms, "UpdateSecretStage", new UpdateSecretStageRequest()
        .withSecretName(missing).withStageName("canary").withBody(new UpdateSecretStageRequestBody().withVersionId("v1"))));
    calls.put("DeleteSecretStage", () -> suite.call(lc.token, "DeleteSecretStage",
        new DeleteSecretStageRequest().withSecretName(missing).withStageName("canary")));
    calls.put("DeleteSecretForSchedule", () -> suite.call(lc.csms, "DeleteSecretForSchedule", new DeleteSecretForScheduleRequest()
        .withSecretName(missing).withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(7))));
    calls.put("RestoreSecret", () -> suite.call(lc.csms, "RestoreSecret", new RestoreSecretRequest().withSecretName(missing)));
    calls.put("RotateSecret", () -> suite.call(lc.csms, "RotateSecret", new RotateSecretRequest().withSecretName(missing)));
    for (Map.Entry<String, Suite.ThrowingRunnable> c : calls.entrySet()) {
      suite.checkError(c.getKey() + "(" + missing + ")", url, ClientRequestException.class, 404, "CSMS.0005", c.getKey(), missing,
          c.getValue(), null);
    }
  }

  private void missingVersionAndStage() {
    suite.checkError("UpdateVersion(" + existing + ", v99, a version it does not have)", url, ClientRequestException.class, 404,
        "CSMS.0005", "UpdateVersion", existing,
        () -> suite.call(lc.csms, "UpdateVersion", new UpdateVersionRequest().withSecretName(existing).withVersionId("v99")
            .withBody(new UpdateVersionRequestBody().withExpireTime(System.currentTimeMillis() + Lifecycle.DAY_MS))), null);
    suite.checkError("UpdateSecretStage(" + existing + ", canary → v99, a version it does not have); no stage set", url,
        ClientRequestException.class, 404, "CSMS.0005", "UpdateSecretStage", existing,
        () -> suite.call(lc.csms, "UpdateSecretStage", new UpdateSecretStageRequest().withSecretName(existing).withStageName("canary")
            .withBody(new UpdateSecretStageRequestBody().withVersionId("v99"))),
        e -> lc.versions(lc.csms, existing).stream().anyMatch(v -> v.getVersionStages().contains("canary"))
            ? "a version now has the stage canary" : null);
    suite.checkError("DeleteSecretStage(" + existing + ", a stage it does not have)", url, ClientRequestException.class, 404,
        "CSMS.0005", "DeleteSecretStage", existing,
        () -> suite.call(lc.csms, "DeleteSecretStage", new DeleteSecretStageRequest().withSecretName(existing).withStageName("canary")),
        null);
  }

  private void refusedWrites() {
    suite.checkError("CreateSecret(" + existing + ", a name that is taken); the secret unchanged", url, ClientRequestException.class,
        400, "CSMS.0002", "CreateSecret", null,
        () -> suite.call(lc.csms, "CreateSecret", new CreateSecretRequest().withBody(new CreateSecretRequestBody().withName(existing)
            .withSecretString(Lifecycle.randomText()).withDescription("overwritten?"))),
        e -> {
          String description = lc.secret(lc.csms, existing).getDescription();
          return "overwritten?".equals(description) ? "the description was overwritten" : null;
        });
    String both = "java-" + lc.run + "-both";
    suite.checkError("CreateSecret(" + both + ", secret_string and secret_binary); not created", url, ClientRequestException.class,
        400, "CSMS.0002", "CreateSecret", null,
        () -> suite.call(lc.token, "CreateSecret", new CreateSecretRequest().withBody(new CreateSecretRequestBody().withName(both)
            .withSecretString(Lifecycle.randomText()).withSecretBinary("AAECAwQ="))),
        e -> lc.exists(lc.csms, both) ? "created anyway" : null);
    suite.checkError("DeleteSecretForSchedule(" + existing + ", 6 days, under the 7-day minimum); still ENABLED", url,
        ClientRequestException.class, 400, "CSMS.0002", "DeleteSecretForSchedule", existing,
        () -> suite.call(lc.csms, "DeleteSecretForSchedule", new DeleteSecretForScheduleRequest().withSecretName(existing)
            .withBody(new DeleteSecretForScheduleRequestBody().withRecoveryWindowInDays(6))),
        e -> {
          String state = lc.secret(lc.csms, existing).getState();
          return "ENABLED".equals(state) ? null : "state is " + state;
        });
    suite.checkError("DeleteSecretStage(" + existing + ", SYSPREVIOUS) [token], refused like SYSCURRENT", url,
        ClientRequestException.class, 400, "CSMS.0105", "DeleteSecretStage", existing,
        () -> suite.call(lc.token, "DeleteSecretStage",
            new DeleteSecretStageRequest().withSecretName(existing).withStageName(Lifecycle.SYSPREVIOUS)),
        e -> "v1".equals(lc.stage(lc.csms, existing, Lifecycle.SYSPREVIOUS).getVersionId()) ? null : "SYSPREVIOUS moved");
  }
}
