package csms.sdksuite;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.csms.v1.model.BatchImportSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.BatchImportSecretsResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ErrorInfo;
import com.huaweicloud.sdk.csms.v1.model.ImportSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.RotateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.RotateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BatchImportSecrets (one new name, one taken: success 1, failed 1, the taken one in error_list; a malformed item refuses the
 * whole request) and RotateSecret (refused for a COMMON secret; a database secret gets a new SYSCURRENT version with another
 * value), through the SDK's typed client and read back through it.
 */
final class ImportAndRotate {
  private final Suite suite;
  private final Lifecycle lc;
  private final String url;
  /** A secret of this run that exists (the binary one): its name is taken. */
  private final String taken;
  private final String imported;
  private final String database;
  private final String importedValue = Lifecycle.randomText();

  ImportAndRotate(Suite suite, Lifecycle lc, String url, String taken) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
    this.taken = taken;
    imported = "java-" + lc.run + "-import";
    database = "java-" + lc.run + "-rds";
  }

  void run() {
    batchImport();
    rotation();
    // Every secret a run creates is deleted again.
    for (String name : List.of(imported, database)) {
      suite.check("DeleteSecret(" + name + ") [AK/SK]: gone", () -> {
        suite.call(lc.csms, "DeleteSecret", new DeleteSecretRequest().withSecretName(name));
        return lc.exists(lc.csms, name) ? List.of("ShowSecret still finds it") : List.of();
      });
    }
  }

  private void batchImport() {
    suite.check("BatchImportSecrets([" + imported + ", " + taken + " (taken)]) [AK/SK]: total 2, success 1, failed 1, error_list names "
        + taken, () -> {
          int takenVersions = lc.versions(lc.csms, taken).size();
          BatchImportSecretsResponse r = (BatchImportSecretsResponse) suite.call(lc.csms, "BatchImportSecrets",
              new BatchImportSecretsRequest().withBody(new ImportSecretsRequest().withSecrets(List.of(
                  new CreateSecretRequestBody().withName(imported).withSecretString(importedValue),
                  new CreateSecretRequestBody().withName(taken).withSecretString(Lifecycle.randomText())))));
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "total", 2, r.getTotal());
          Suite.same(wrong, "success", 1, r.getSuccess());
          Suite.same(wrong, "failed", 1, r.getFailed());
          List<ErrorInfo> errors = r.getErrorList() == null ? List.of() : r.getErrorList();
          Suite.same(wrong, "error_list names", List.of(taken), errors.stream().map(ErrorInfo::getName).toList());
          if (errors.stream().anyMatch(e -> e.getErrorMsg() == null || e.getErrorMsg().isEmpty())) wrong.add("an error_msg is empty");
          Suite.same(wrong, "ShowSecret(" + imported + ") state", "ENABLED", lc.secret(lc.csms, imported).getState());
          Suite.sameValue(wrong, "secret_string of " + imported, importedValue, lc.version(lc.csms, imported, "latest").getSecretString());
          Suite.same(wrong, taken + "'s version count", takenVersions, lc.versions(lc.csms, taken).size());
          return wrong;
        });
    String good = "java-" + lc.run + "-import-good";
    String both = "java-" + lc.run + "-import-both";
    suite.checkError("BatchImportSecrets([" + good + ", " + both + " with both values]) [AK/SK], refused whole; neither created", url,
        ClientRequestException.class, 400, "CSMS.0002", "BatchImportSecrets", null,
        () -> suite.call(lc.csms, "BatchImportSecrets", new BatchImportSecretsRequest().withBody(new ImportSecretsRequest()
            .withSecrets(List.of(new CreateSecretRequestBody().withName(good).withSecretString(Lifecycle.randomText()),
                new CreateSecretRequestBody().withName(both).withSecretString(Lifecycle.randomText())
                    .withSecretBinary("AAECAwQ="))))),
        e -> {
          List<String> found = new ArrayList<>();
          for (String name : List.of(good, both)) if (lc.exists(lc.csms, name)) found.add(name);
          return found.isEmpty() ? null : "created anyway: " + found;
        });
  }

  private void rotation() {
    suite.checkError("RotateSecret(" + imported + ", a COMMON secret) [AK/SK], refused; no version added", url,
        ClientRequestException.class, 400, "CSMS.0002", "RotateSecret", imported,
        () -> suite.call(lc.csms, "RotateSecret", new RotateSecretRequest().withSecretName(imported)),
        e -> lc.versions(lc.csms, imported).size() == 1 ? null : "the secret has more than one version");
    // A database account as CSMS keeps one: JSON text with the password; rotation_config names the instance (vendor format).
    String account = "{\"username\":\"app\",\"password\":\"" + Lifecycle.randomText() + "\"}";
    String rotationConfig = "{\"InstanceId\":\"java-suite-instance\",\"SecretSubType\":\"SingleUser\"}";
    suite.check("CreateSecret(" + database + ", secret_type RDS-FG, rotation_config) [AK/SK]: type and config as sent", () -> {
      Secret s = ((CreateSecretResponse) suite.call(lc.csms, "CreateSecret", new CreateSecretRequest().withBody(
          new CreateSecretRequestBody().withName(database).withSecretString(account)
              .withSecretType(CreateSecretRequestBody.SecretTypeEnum.RDS_FG).withRotationConfig(rotationConfig)))).getSecret();
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "secret_type", "RDS-FG", s.getSecretType() == null ? null : s.getSecretType().getValue());
      Suite.same(wrong, "rotation_config", rotationConfig, s.getRotationConfig());
      return wrong;
    });
    suite.check("RotateSecret(" + database + ") [token]: a new SYSCURRENT version whose value differs; SYSPREVIOUS on v1", () -> {
      RotateSecretResponse r = (RotateSecretResponse) suite.call(lc.token, "RotateSecret",
          new RotateSecretRequest().withSecretName(database));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "secret_name", database, r.getSecretName());
      if (r.getVersionId() == null || "v1".equals(r.getVersionId())) wrong.add("version_id " + Suite.quote(r.getVersionId()));
      Version current = lc.version(lc.token, database, "latest");
      Suite.same(wrong, "latest id", r.getVersionId(), current.getVersionMetadata().getId());
      Suite.same(wrong, "latest version_stages", List.of(Lifecycle.SYSCURRENT), current.getVersionMetadata().getVersionStages());
      if (current.getSecretString() == null) wrong.add("the new version has no secret_string");
      else if (Objects.equals(current.getSecretString(), account)) wrong.add("the new version's value is the old one");
      Suite.same(wrong, "SYSPREVIOUS", "v1", lc.stage(lc.token, database, Lifecycle.SYSPREVIOUS).getVersionId());
      return wrong;
    });
  }
}
