package csms.sdksuite;

import com.huaweicloud.sdk.csms.v1.model.CreateGrantsRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateGrantsResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteGrantRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteGrantResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.GrantData;
import com.huaweicloud.sdk.csms.v1.model.GrantSecretReqBody;
import com.huaweicloud.sdk.csms.v1.model.GrantUserInfo;
import com.huaweicloud.sdk.csms.v1.model.ListGrantsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListGrantsResponse;
import com.huaweicloud.sdk.csms.v1.model.UpdateGrantRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateGrantResponse;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Grants of a secret of this run to a user and a group, through the SDK's typed client: create, list, extend, delete one and
 * then the rest, with the documented refusals (a second grant for the same grantee, a query and body naming different
 * resources, a grant or secret that does not exist). The SDK sends validity_time as a date (LocalDate) and reads the
 * grant's times as epoch milliseconds (Long); the document's examples pair the date 2025-12-31 with 1767225599000, the
 * last second of that day in UTC, which is what this expects back.
 */
final class Grants {
  private final Suite suite;
  private final Lifecycle lc;
  private final String url;
  private final String secret;
  private final String user;
  private final String group;
  private final AtomicReference<String> id = new AtomicReference<>();
  private final LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(30);
  private final LocalDate extended = until.plusDays(60);

  Grants(Suite suite, Lifecycle lc, String url) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
    secret = "java-" + lc.run + "-granted";
    user = "java-" + lc.run + "-user";
    group = "java-" + lc.run + "-group";
  }

  void run() {
    suite.check("CreateSecret(" + secret + ") [AK/SK]: the secret to share; its id", () -> {
      id.set(((CreateSecretResponse) suite.call(lc.csms, "CreateSecret", new CreateSecretRequest()
          .withBody(new CreateSecretRequestBody().withName(secret).withSecretString(Lifecycle.randomText())))).getSecret().getId());
      return id.get() == null ? List.of("no id") : List.of();
    });
    if (id.get() == null) return;
    create();
    update();
    delete();
    suite.check("DeleteSecret(" + secret + ") [AK/SK]: gone", () -> {
      suite.call(lc.csms, "DeleteSecret", new DeleteSecretRequest().withSecretName(secret));
      return lc.exists(lc.csms, secret) ? List.of("ShowSecret still finds it") : List.of();
    });
  }

  private void create() {
    long before = System.currentTimeMillis();
    suite.check("CreateGrants(" + secret + " → user " + user + ", validity_time " + until + ") [AK/SK]: the grant as sent", () -> {
      GrantData g = ((CreateGrantsResponse) suite.call(lc.csms, "CreateGrants",
          new CreateGrantsRequest().withBody(grant(id.get(), "0", user, until)))).getData();
      List<String> wrong = sameGrant(g, user, until);
      if (g.getUuid() == null || g.getUuid().isEmpty()) wrong.add("uuid is missing");
      Suite.same(wrong, "state", 0, g.getState());
      Lifecycle.within(wrong, "createTime", g.getCreateTime(), before, System.currentTimeMillis());
      return wrong;
    });
    suite.checkDocumented("CreateGrants(" + secret + " → " + user + ") again", url, "CreateGrants", "GrantExists", null,
        () -> suite.call(lc.token, "CreateGrants", new CreateGrantsRequest().withBody(grant(id.get(), "0", user, extended))), null);
    suite.checkDocumented("CreateGrants(a secret id that does not exist)", url, "CreateGrants", "SecretNotFound", null,
        () -> suite.call(lc.csms, "CreateGrants", new CreateGrantsRequest()
            .withBody(grant("00000000-0000-4000-8000-" + lc.run + "0000", "0", user, null))), null);
    suite.check("CreateGrants(→ group " + group + ", no validity_time) [token], ListGrants: both grantees, their validity", () -> {
      GrantData g = ((CreateGrantsResponse) suite.call(lc.token, "CreateGrants",
          new CreateGrantsRequest().withBody(grant(id.get(), "2", group, null)))).getData();
      List<String> wrong = sameGrant(g, group, null);
      Suite.same(wrong, "ListGrants", List.of(user + " until " + millis(until), group + " until null"), listed());
      return wrong;
    });
  }

  private void update() {
    suite.check("UpdateGrant(" + user + ", validity_time " + extended + ") [AK/SK]: in the answer and ListGrants", () -> {
      GrantData g = ((UpdateGrantResponse) suite.call(lc.csms, "UpdateGrant", new UpdateGrantRequest().withResourceId(id.get())
          .withBody(grant(id.get(), "0", user, extended)))).getData();
      List<String> wrong = sameGrant(g, user, extended);
      Suite.same(wrong, "ListGrants", List.of(user + " until " + millis(extended), group + " until null"), listed());
      return wrong;
    });
    suite.checkDocumented("UpdateGrant(query " + secret + "'s id, body another resource_id); the grant unchanged", url, "UpdateGrant",
        "GrantResourceMismatch", null,
        () -> suite.call(lc.csms, "UpdateGrant", new UpdateGrantRequest().withResourceId(id.get())
            .withBody(grant("00000000-0000-4000-8000-" + lc.run + "0000", "0", user, until))),
        e -> listed().contains(user + " until " + millis(extended)) ? null : "ListGrants " + listed());
  }

  private void delete() {
    suite.check("DeleteGrant(" + secret + ", grantee_user " + user + ") [AK/SK]: 204; ListGrants has the group only", () -> {
      DeleteGrantResponse r = (DeleteGrantResponse) suite.call(lc.csms, "DeleteGrant",
          new DeleteGrantRequest().withResourceId(id.get()).withGranteeUser(user));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "status", 204, r.getHttpStatusCode());
      Suite.same(wrong, "ListGrants", List.of(group + " until null"), listed());
      return wrong;
    });
    suite.checkDocumented("DeleteGrant(" + user + ") again", url, "DeleteGrant", "GrantNotFound", null,
        () -> suite.call(lc.csms, "DeleteGrant", new DeleteGrantRequest().withResourceId(id.get()).withGranteeUser(user)), null);
    suite.check("DeleteGrant(" + secret + ", no grantee_user: every grant) [token]: 204", () -> {
      DeleteGrantResponse r = (DeleteGrantResponse) suite.call(lc.token, "DeleteGrant", new DeleteGrantRequest().withResourceId(id.get()));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "status", 204, r.getHttpStatusCode());
      return wrong;
    });
    suite.checkDocumented("ListGrants(" + secret + ") with no grant left", url, "ListGrants", "GrantNotFound", null, this::listed, null);
  }

  private static GrantSecretReqBody grant(String resource, String granteeType, String grantee, LocalDate validity) {
    GrantSecretReqBody body = new GrantSecretReqBody().withResourceId(resource).withType("SECRET").withGranteeType(granteeType)
        .withGranteeTargetId(grantee);
    return validity == null ? body : body.withValidityTime(validity);
  }

  private List<String> sameGrant(GrantData g, String grantee, LocalDate validity) {
    List<String> wrong = new ArrayList<>();
    Suite.same(wrong, "resourceId", id.get(), g.getResourceId());
    Suite.same(wrong, "type", "SECRET", g.getType());
    Suite.same(wrong, "granteeUser", grantee, g.getGranteeUser());
    Suite.same(wrong, "validityTime", validity == null ? null : millis(validity), g.getValidityTime());
    return wrong;
  }

  /** ListGrants of the secret: "grantee until validity_time" per grantee. */
  private List<String> listed() throws Exception {
    ListGrantsResponse r = (ListGrantsResponse) suite.call(lc.csms, "ListGrants", new ListGrantsRequest().withResourceId(id.get()));
    List<GrantUserInfo> users = r.getData().getGranteeUser();
    return users == null ? List.of() : users.stream().map(u -> u.getUserId() + " until " + u.getValidityTime()).toList();
  }

  /** The last second of a day in UTC, in milliseconds (the document's examples: 2025-12-31 → 1767225599000). */
  static Long millis(LocalDate day) {
    return day.atTime(LocalTime.of(23, 59, 59)).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
