package csms.sdksuite;

import com.huaweicloud.sdk.csms.v1.model.ActionResources;
import com.huaweicloud.sdk.csms.v1.model.BatchCreateOrDeleteTagsRequest;
import com.huaweicloud.sdk.csms.v1.model.BatchCreateOrDeleteTagsRequestBody;
import com.huaweicloud.sdk.csms.v1.model.BatchCreateOrDeleteTagsResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretTagRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretTagRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretTagResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretTagRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretTagResponse;
import com.huaweicloud.sdk.csms.v1.model.ListProjectSecretsTagsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListProjectSecretsTagsResponse;
import com.huaweicloud.sdk.csms.v1.model.ListResourceInstancesRequest;
import com.huaweicloud.sdk.csms.v1.model.ListResourceInstancesRequestBody;
import com.huaweicloud.sdk.csms.v1.model.ListResourceInstancesResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretTagsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretTagsResponse;
import com.huaweicloud.sdk.csms.v1.model.Tag;
import com.huaweicloud.sdk.csms.v1.model.TagItem;
import com.huaweicloud.sdk.csms.v1.model.TagMatches;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tags half of the tags-and-events flow (issue 24), through the SDK's typed client: a secret of this run tagged by its
 * id → found by tag (and by name) with ListResourceInstances → its tags and the project's → untagged one by one
 * (DeleteSecretTag) and in a batch (BatchCreateOrDeleteTags delete); the tag limit and a missing tag refused with the
 * document's codes. The events half is {@link Events}, on the same secret, which it deletes at the end.
 */
final class TagsAndEvents {
  private final Suite suite;
  private final Lifecycle lc;
  private final String url;
  final String secret;
  final AtomicReference<String> id = new AtomicReference<>();
  private final String owner;

  TagsAndEvents(Suite suite, Lifecycle lc, String url) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
    secret = "java-" + lc.run + "-tagged";
    owner = "java-" + lc.run;
  }

  void run() {
    suite.check("CreateSecret(" + secret + ") [AK/SK]: the secret the tags and events are put on; its id", () -> {
      String created = ((CreateSecretResponse) suite.call(lc.csms, "CreateSecret", new CreateSecretRequest()
          .withBody(new CreateSecretRequestBody().withName(secret).withSecretString(Lifecycle.randomText())))).getSecret().getId();
      id.set(created);
      return created == null || created.isEmpty() ? List.of("no id") : List.of();
    });
    if (id.get() == null) return;
    tag();
    find();
    untag();
    limitAndErrors();
    new Events(suite, lc, url, secret).run();
    suite.check("DeleteSecret(" + secret + ") [AK/SK]: gone", () -> {
      suite.call(lc.csms, "DeleteSecret", new DeleteSecretRequest().withSecretName(secret));
      return lc.exists(lc.csms, secret) ? List.of("ShowSecret still finds it") : List.of();
    });
  }

  private void tag() {
    suite.check("CreateSecretTag(" + secret + "'s id, owner=" + owner + ") [AK/SK]: 204; ListSecretTags has it", () -> {
      CreateSecretTagResponse r = (CreateSecretTagResponse) suite.call(lc.csms, "CreateSecretTag", new CreateSecretTagRequest()
          .withSecretId(id.get()).withBody(new CreateSecretTagRequestBody().withTag(new TagItem().withKey("owner").withValue(owner))));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "status", 204, r.getHttpStatusCode());
      Suite.same(wrong, "tags", List.of("owner=" + owner), tags());
      return wrong;
    });
    suite.check("CreateSecretTag(env=ci) [token], then BatchCreateOrDeleteTags(create team=sdk, env=test): the batch overwrites env",
        () -> {
          suite.call(lc.token, "CreateSecretTag", new CreateSecretTagRequest().withSecretId(id.get())
              .withBody(new CreateSecretTagRequestBody().withTag(new TagItem().withKey("env").withValue("ci"))));
          BatchCreateOrDeleteTagsResponse r = (BatchCreateOrDeleteTagsResponse) suite.call(lc.csms, "BatchCreateOrDeleteTags",
              new BatchCreateOrDeleteTagsRequest().withSecretId(id.get()).withBody(new BatchCreateOrDeleteTagsRequestBody()
                  .withAction("create").withTags(List.of(item("team", "sdk"), item("env", "test")))));
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "status", 204, r.getHttpStatusCode());
          Suite.same(wrong, "tags", List.of("env=test", "owner=" + owner, "team=sdk"), tags().stream().sorted().toList());
          return wrong;
        });
  }

  private void find() {
    suite.check("ListResourceInstances(filter, owner=" + owner + ") [AK/SK]: exactly " + secret + ", by id, with its tags", () -> {
      ListResourceInstancesResponse r = (ListResourceInstancesResponse) suite.call(lc.csms, "ListResourceInstances",
          resourceInstances().withBody(new ListResourceInstancesRequestBody().withAction("filter").withLimit("10")
              .withOffset("0").withTags(List.of(new Tag().withKey("owner").withValues(List.of(owner))))));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "total_count", 1, r.getTotalCount());
      List<ActionResources> found = r.getResources() == null ? List.of() : r.getResources();
      Suite.same(wrong, "resource ids", List.of(id.get()), found.stream().map(ActionResources::getResourceId).toList());
      if (found.size() == 1) {
        ActionResources one = found.get(0);
        Suite.same(wrong, "resource_name", secret, one.getResourceName());
        Suite.same(wrong, "resource_detail.name", secret, one.getResourceDetail() == null ? null : one.getResourceDetail().getName());
        Suite.same(wrong, "tags", List.of("env=test", "owner=" + owner, "team=sdk"),
            one.getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).sorted().toList());
      }
      return wrong;
    });
    suite.check("ListResourceInstances(count, resource_name contains " + owner + ", team=sdk) [token]: total_count 1", () -> {
      ListResourceInstancesResponse r = (ListResourceInstancesResponse) suite.call(lc.token, "ListResourceInstances",
          resourceInstances().withBody(new ListResourceInstancesRequestBody().withAction("count")
              .withMatches(List.of(new TagMatches().withKey("resource_name").withValue(owner)))
              .withTags(List.of(new Tag().withKey("team").withValues(List.of("sdk"))))));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "total_count", 1, r.getTotalCount());
      return wrong;
    });
    suite.check("ListProjectSecretsTags() [AK/SK]: the keys of this run's tags with their values", () -> {
      ListProjectSecretsTagsResponse r = (ListProjectSecretsTagsResponse) suite.call(lc.csms, "ListProjectSecretsTags",
          new ListProjectSecretsTagsRequest());
      List<String> wrong = new ArrayList<>();
      List<String> keys = r.getTags().stream().map(t -> t.getKey() + "=" + t.getValues()).toList();
      Suite.same(wrong, "tags", List.of("env=[test]", "owner=[" + owner + "]", "team=[sdk]"), keys);
      return wrong;
    });
  }

  private void untag() {
    suite.check("DeleteSecretTag(env) [AK/SK]: 204; the other tags stay", () -> {
      DeleteSecretTagResponse r = (DeleteSecretTagResponse) suite.call(lc.csms, "DeleteSecretTag",
          new DeleteSecretTagRequest().withSecretId(id.get()).withKey("env"));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "status", 204, r.getHttpStatusCode());
      Suite.same(wrong, "tags", List.of("owner=" + owner, "team=sdk"), tags().stream().sorted().toList());
      return wrong;
    });
    suite.check("BatchCreateOrDeleteTags(delete owner, team) [token]: no tags left; ListResourceInstances no longer finds it", () -> {
      suite.call(lc.token, "BatchCreateOrDeleteTags", new BatchCreateOrDeleteTagsRequest().withSecretId(id.get())
          .withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("delete").withTags(List.of(item("owner", null),
              item("team", "sdk")))));
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "tags", List.of(), tags());
      ListResourceInstancesResponse r = (ListResourceInstancesResponse) suite.call(lc.csms, "ListResourceInstances",
          resourceInstances().withBody(new ListResourceInstancesRequestBody().withAction("count")
              .withTags(List.of(new Tag().withKey("owner").withValues(List.of(owner))))));
      Suite.same(wrong, "total_count", 0, r.getTotalCount());
      return wrong;
    });
  }

  /** The documented refusals of the tag operations, each read back as nothing changed. */
  private void limitAndErrors() {
    suite.checkDocumented("DeleteSecretTag(env), a tag the secret no longer has", url, "DeleteSecretTag", "TagNotFound", null,
        () -> suite.call(lc.csms, "DeleteSecretTag", new DeleteSecretTagRequest().withSecretId(id.get()).withKey("env")), null);
    String unknown = "00000000-0000-4000-8000-" + lc.run + "0000";
    suite.checkDocumented("ListSecretTags(an id no secret has)", url, "ListSecretTags", "SecretNotFound", null,
        () -> suite.call(lc.csms, "ListSecretTags", new ListSecretTagsRequest().withSecretId(unknown)), null);
    List<TagItem> twenty = new ArrayList<>();
    for (int i = 0; i < 20; i++) twenty.add(item("k" + i, "v" + i));
    suite.checkDocumented("BatchCreateOrDeleteTags(create 20 tags), then CreateSecretTag(a 21st); still 20 tags", url,
        "CreateSecretTag", "TagLimitExceeded", null,
        () -> {
          suite.call(lc.csms, "BatchCreateOrDeleteTags", new BatchCreateOrDeleteTagsRequest().withSecretId(id.get())
              .withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("create").withTags(twenty)));
          suite.call(lc.csms, "CreateSecretTag", new CreateSecretTagRequest().withSecretId(id.get())
              .withBody(new CreateSecretTagRequestBody().withTag(item("one-too-many", "x"))));
        },
        e -> tags().size() == 20 ? null : "the secret has " + tags().size() + " tags");
    suite.check("BatchCreateOrDeleteTags(delete the 20) [AK/SK]: no tags left", () -> {
      suite.call(lc.csms, "BatchCreateOrDeleteTags", new BatchCreateOrDeleteTagsRequest().withSecretId(id.get())
          .withBody(new BatchCreateOrDeleteTagsRequestBody().withAction("delete").withTags(twenty)));
      return tags().isEmpty() ? List.of() : List.of("tags " + tags());
    });
  }

  /** The secret's tags as key=value, in the order ListSecretTags gives them. */
  private List<String> tags() throws Exception {
    ListSecretTagsResponse r = (ListSecretTagsResponse) suite.call(lc.csms, "ListSecretTags",
        new ListSecretTagsRequest().withSecretId(id.get()));
    return r.getTags() == null ? List.of() : r.getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).toList();
  }

  /**
   * The SDK's ListResourceInstancesRequest has the path's fixed segment as a required parameter (its URI is
   * /v1/{project_id}/csms/{resource_instances}/action, as the vendor's API Explorer writes it); the document's path is
   * /v1/{project_id}/csms/resource_instances/action, so the value must be that word.
   */
  private static ListResourceInstancesRequest resourceInstances() {
    return new ListResourceInstancesRequest().withResourceInstances("resource_instances");
  }

  private static TagItem item(String key, String value) {
    TagItem t = new TagItem().withKey(key);
    return value == null ? t : t.withValue(value);
  }
}
