package csms.sdksuite;

import com.huaweicloud.sdk.csms.v1.model.CreateAgencyRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateAgencyRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretTaskRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretTaskResponse;
import com.huaweicloud.sdk.csms.v1.model.RotateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.RotateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.SecretTask;
import com.huaweicloud.sdk.csms.v1.model.ShowAgencyRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretFunctionTemplatesRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a FunctionGraph-rotated secret needs around it, through the SDK's typed client: the rotation task a RotateSecret of an
 * RDS-FG secret leaves (ListSecretTask by secret, by task id, and the documented refusal of a task id combined with other
 * conditions), and the agencies and function templates, which the mock answers from the document's examples: each example
 * is asked for by name (Prefer) and the SDK's result compared with it field by field.
 */
final class RotationSupport {
  private final Suite suite;
  private final Lifecycle lc;
  private final String url;
  private final String secret;

  RotationSupport(Suite suite, Lifecycle lc, String url) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
    secret = "java-" + lc.run + "-task";
  }

  void run() {
    tasks();
    suite.checkExamples(lc, "CreateAgency", () -> new CreateAgencyRequest()
        .withBody(new CreateAgencyRequestBody().withSecretType(CreateAgencyRequestBody.SecretTypeEnum.RDS_FG)));
    suite.checkExamples(lc, "ShowAgency", () -> new ShowAgencyRequest().withSecretType(ShowAgencyRequest.SecretTypeEnum.RDS_FG));
    suite.checkExamples(lc, "ShowSecretFunctionTemplates", () -> new ShowSecretFunctionTemplatesRequest()
        .withSecretType(ShowSecretFunctionTemplatesRequest.SecretTypeEnum.RDS_FG)
        .withSecretSubType(ShowSecretFunctionTemplatesRequest.SecretSubTypeEnum.SINGLEUSER)
        .withEngine(ShowSecretFunctionTemplatesRequest.EngineEnum.MYSQL));
    suite.checkPreferred("CreateAgency(RDS-FG)", url, lc.csms, "CreateAgency", "InvalidParameter", new CreateAgencyRequest()
        .withBody(new CreateAgencyRequestBody().withSecretType(CreateAgencyRequestBody.SecretTypeEnum.GAUSSDB_FG)));
    suite.checkPreferred("ShowAgency(GaussDB-FG)", url, lc.token, "ShowAgency", "InvalidParameter",
        new ShowAgencyRequest().withSecretType(ShowAgencyRequest.SecretTypeEnum.GAUSSDB_FG));
    suite.checkPreferred("ShowSecretFunctionTemplates(RDS-FG, MultiUser)", url, lc.csms, "ShowSecretFunctionTemplates",
        "InvalidParameter", new ShowSecretFunctionTemplatesRequest().withSecretType(ShowSecretFunctionTemplatesRequest.SecretTypeEnum.RDS_FG)
            .withSecretSubType(ShowSecretFunctionTemplatesRequest.SecretSubTypeEnum.MULTIUSER));
  }

  private void tasks() {
    AtomicReference<String> task = new AtomicReference<>();
    String rotationConfig = "{\"InstanceId\":\"java-suite-instance\",\"SecretSubType\":\"SingleUser\"}";
    suite.check("CreateSecret(" + secret + ", RDS-FG), RotateSecret [AK/SK]: a rotation_task_id", () -> {
      suite.call(lc.csms, "CreateSecret", new CreateSecretRequest().withBody(new CreateSecretRequestBody().withName(secret)
          .withSecretString("{\"username\":\"app\",\"password\":\"" + Lifecycle.randomText() + "\"}")
          .withSecretType(CreateSecretRequestBody.SecretTypeEnum.RDS_FG).withRotationConfig(rotationConfig)));
      RotateSecretResponse r = (RotateSecretResponse) suite.call(lc.csms, "RotateSecret", new RotateSecretRequest().withSecretName(secret));
      task.set(r.getRotationTaskId());
      return r.getRotationTaskId() == null ? List.of("no rotation_task_id") : List.of();
    });
    long after = System.currentTimeMillis();
    suite.check("ListSecretTask(secret_name " + secret + ") and ListSecretTask(task_id) [token]: that one task, SUCCESS", () -> {
      List<String> wrong = new ArrayList<>();
      ListSecretTaskResponse bySecret = (ListSecretTaskResponse) suite.call(lc.token, "ListSecretTask",
          new ListSecretTaskRequest().withSecretName(secret));
      ListSecretTaskResponse byId = (ListSecretTaskResponse) suite.call(lc.token, "ListSecretTask",
          new ListSecretTaskRequest().withTaskId(task.get()));
      for (ListSecretTaskResponse r : List.of(bySecret, byId)) {
        Suite.same(wrong, "total", 1, r.getTotal());
        Suite.same(wrong, "task ids", List.of(String.valueOf(task.get())), r.getTasks().stream().map(SecretTask::getTaskId).toList());
        for (SecretTask t : r.getTasks()) {
          Suite.same(wrong, "secret_name", secret, t.getSecretName());
          Suite.same(wrong, "task_status", "SUCCESS", t.getTaskStatus());
          Lifecycle.within(wrong, "task_time", t.getTaskTime(), after - 60_000, after);
        }
      }
      ListSecretTaskResponse failed = (ListSecretTaskResponse) suite.call(lc.csms, "ListSecretTask",
          new ListSecretTaskRequest().withSecretName(secret).withStatus(ListSecretTaskRequest.StatusEnum.FAILED));
      Suite.same(wrong, "status=FAILED tasks", 0, failed.getTasks().size());
      return wrong;
    });
    suite.checkDocumented("ListSecretTask(task_id and secret_name)", url, "ListSecretTask", "TaskIdCombined", null,
        () -> suite.call(lc.csms, "ListSecretTask", new ListSecretTaskRequest().withTaskId(task.get()).withSecretName(secret)), null);
    suite.check("DeleteSecret(" + secret + ") [AK/SK]: gone", () -> {
      suite.call(lc.csms, "DeleteSecret", new DeleteSecretRequest().withSecretName(secret));
      return lc.exists(lc.csms, secret) ? List.of("ShowSecret still finds it") : List.of();
    });
  }
}
