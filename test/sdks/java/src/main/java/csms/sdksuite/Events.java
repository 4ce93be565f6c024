package csms.sdksuite;

import com.huaweicloud.sdk.csms.v1.model.CreateSecretEventRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretEventRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretEventResponse;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequest;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionRequestBody;
import com.huaweicloud.sdk.csms.v1.model.CreateSecretVersionResponse;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretEventRequest;
import com.huaweicloud.sdk.csms.v1.model.DeleteSecretEventResponse;
import com.huaweicloud.sdk.csms.v1.model.Event;
import com.huaweicloud.sdk.csms.v1.model.ListNotificationRecordsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListNotificationRecordsResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretEventsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretEventsResponse;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsRequest;
import com.huaweicloud.sdk.csms.v1.model.ListSecretsResponse;
import com.huaweicloud.sdk.csms.v1.model.Notification;
import com.huaweicloud.sdk.csms.v1.model.Record;
import com.huaweicloud.sdk.csms.v1.model.Secret;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretEventRequest;
import com.huaweicloud.sdk.csms.v1.model.ShowSecretEventResponse;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretEventRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretEventRequestBody;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretEventResponse;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequest;
import com.huaweicloud.sdk.csms.v1.model.UpdateSecretRequestBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The events half of the tags-and-events flow (issue 24), through the SDK's typed client: create an event → list, show and
 * update it → subscribe a secret to it (UpdateSecret event_subscriptions) → a new version of the secret writes a notification
 * record (ListNotificationRecords) → deleting the subscribed event is refused with the document's EventInUse code →
 * unsubscribe → delete the event, which is then not found. Expected values are what this class sent.
 */
final class Events {
  private static final String CREATED = "SECRET_VERSION_CREATED";
  private static final String DELETED = "SECRET_DELETED";

  private final Suite suite;
  private final Lifecycle lc;
  private final String url;
  /** The secret that subscribes (TagsAndEvents' secret, which it deletes). */
  private final String secret;
  private final String event;
  private final Notification topic;

  Events(Suite suite, Lifecycle lc, String url, String secret) {
    this.suite = suite;
    this.lc = lc;
    this.url = url;
    this.secret = secret;
    event = "java-" + lc.run + "-event";
    // An SMN topic as CSMS names one (urn:smn:<region>:<project>:<topic>); the mock only keeps it.
    String topicName = "java-" + lc.run + "-alerts";
    topic = new Notification().withTargetType("SMN").withTargetName(topicName)
        .withTargetId("urn:smn:cn-north-4:" + suite.need("CSMS_PROJECT_ID") + ":" + topicName);
  }

  void run() {
    create();
    readAndUpdate();
    subscribe();
    refusedDelete();
    unsubscribeAndDelete();
  }

  private void create() {
    long before = System.currentTimeMillis();
    suite.check("CreateSecretEvent(" + event + ", [" + CREATED + "], ENABLED, SMN topic) [AK/SK]: the event as sent", () -> {
      Event e = ((CreateSecretEventResponse) suite.call(lc.csms, "CreateSecretEvent", new CreateSecretEventRequest()
          .withBody(new CreateSecretEventRequestBody().withName(event).withState(CreateSecretEventRequestBody.StateEnum.ENABLED)
              .withEventTypes(List.of(CreateSecretEventRequestBody.EventTypesEnum.SECRET_VERSION_CREATED)).withNotification(topic))))
          .getEvent();
      List<String> wrong = sameEvent(e, List.of(CREATED));
      if (e.getEventId() == null || e.getEventId().isEmpty()) wrong.add("event_id is missing");
      Lifecycle.within(wrong, "create_time", e.getCreateTime(), before, System.currentTimeMillis());
      return wrong;
    });
    suite.checkDocumented("CreateSecretEvent(" + event + ") again", url, "CreateSecretEvent", "EventExists", null,
        () -> suite.call(lc.token, "CreateSecretEvent", new CreateSecretEventRequest().withBody(new CreateSecretEventRequestBody()
            .withName(event).withState(CreateSecretEventRequestBody.StateEnum.DISABLED)
            .withEventTypes(List.of(CreateSecretEventRequestBody.EventTypesEnum.SECRET_ROTATED)).withNotification(topic))),
        e -> show().getState().getValue().equals("ENABLED") ? null : "the event was overwritten");
  }

  private void readAndUpdate() {
    suite.check("ListSecretEvents() and ShowSecretEvent(" + event + ") [token]: this event, as created", () -> {
      ListSecretEventsResponse r = (ListSecretEventsResponse) suite.call(lc.token, "ListSecretEvents", new ListSecretEventsRequest());
      List<String> wrong = new ArrayList<>();
      Suite.same(wrong, "names", List.of(event), r.getEvents().stream().map(Event::getName).toList());
      wrong.addAll(sameEvent(show(), List.of(CREATED)));
      return wrong;
    });
    suite.check("UpdateSecretEvent(" + event + ", [" + CREATED + ", " + DELETED + "]) [AK/SK]: in the answer and ShowSecretEvent", () -> {
      Event e = ((UpdateSecretEventResponse) suite.call(lc.csms, "UpdateSecretEvent", new UpdateSecretEventRequest().withEventName(event)
          .withBody(new UpdateSecretEventRequestBody().withEventTypes(List.of(
              UpdateSecretEventRequestBody.EventTypesEnum.SECRET_VERSION_CREATED, UpdateSecretEventRequestBody.EventTypesEnum.SECRET_DELETED)))))
          .getEvent();
      List<String> wrong = sameEvent(e, List.of(CREATED, DELETED));
      wrong.addAll(sameEvent(show(), List.of(CREATED, DELETED)));
      return wrong;
    });
    suite.checkDocumented("ListSecretEvents(limit=0)", url, "ListSecretEvents", "InvalidLimit", null,
        () -> suite.call(lc.csms, "ListSecretEvents", new ListSecretEventsRequest().withLimit("0")), null);
  }

  private void subscribe() {
    suite.check("UpdateSecret(" + secret + ", event_subscriptions [" + event + "]) [AK/SK]: ShowSecret and ListSecrets(event_name) "
        + "agree", () -> {
          Secret s = ((com.huaweicloud.sdk.csms.v1.model.UpdateSecretResponse) suite.call(lc.csms, "UpdateSecret",
              new UpdateSecretRequest().withSecretName(secret)
                  .withBody(new UpdateSecretRequestBody().withEventSubscriptions(List.of(event))))).getSecret();
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "answer's event_subscriptions", List.of(event), s.getEventSubscriptions());
          Suite.same(wrong, "ShowSecret event_subscriptions", List.of(event), lc.secret(lc.csms, secret).getEventSubscriptions());
          ListSecretsResponse r = (ListSecretsResponse) suite.call(lc.csms, "ListSecrets", new ListSecretsRequest().withEventName(event));
          Suite.same(wrong, "ListSecrets(event_name) names", List.of(secret), r.getSecrets().stream().map(Secret::getName).toList());
          return wrong;
        });
    suite.check("CreateSecretVersion(" + secret + ") [token] → ListNotificationRecords: one record of " + CREATED + " for "
        + secret + ", to the topic", () -> {
          List<String> wrong = new ArrayList<>();
          Suite.same(wrong, "records before", List.of(), records());
          long before = System.currentTimeMillis();
          String version = ((CreateSecretVersionResponse) suite.call(lc.token, "CreateSecretVersion", new CreateSecretVersionRequest()
              .withSecretName(secret).withBody(new CreateSecretVersionRequestBody().withSecretString(Lifecycle.randomText()))))
              .getVersionMetadata().getId();
          List<Record> records = records();
          Suite.same(wrong, "records after " + version, 1, records.size());
          if (records.size() == 1) {
            Record r = records.get(0);
            Suite.same(wrong, "trigger_event_type", CREATED, r.getTriggerEventType() == null ? null : r.getTriggerEventType().getValue());
            Suite.same(wrong, "secret_name", secret, r.getSecretName());
            Suite.same(wrong, "notification_target_id", topic.getTargetId(), r.getNotificationTargetId());
            Suite.same(wrong, "notification_target_name", topic.getTargetName(), r.getNotificationTargetName());
            Suite.same(wrong, "notification_status", "SUCCESS",
                r.getNotificationStatus() == null ? null : r.getNotificationStatus().getValue());
            Lifecycle.within(wrong, "create_time", r.getCreateTime(), before, System.currentTimeMillis());
          }
          return wrong;
        });
  }

  private void refusedDelete() {
    suite.checkDocumented("DeleteSecretEvent(" + event + ") while " + secret + " subscribes to it; the event stays", url,
        "DeleteSecretEvent", "EventInUse", null,
        () -> suite.call(lc.csms, "DeleteSecretEvent", new DeleteSecretEventRequest().withEventName(event)),
        e -> Objects.equals(show().getName(), event) ? null : "the event is gone");
  }

  private void unsubscribeAndDelete() {
    suite.check("UpdateSecret(" + secret + ", event_subscriptions []) [token], DeleteSecretEvent(" + event + ") [AK/SK]: 204",
        () -> {
          suite.call(lc.token, "UpdateSecret", new UpdateSecretRequest().withSecretName(secret)
              .withBody(new UpdateSecretRequestBody().withEventSubscriptions(List.of())));
          List<String> wrong = new ArrayList<>();
          List<String> subscribed = lc.secret(lc.csms, secret).getEventSubscriptions();
          if (subscribed != null && !subscribed.isEmpty()) wrong.add("event_subscriptions " + subscribed);
          DeleteSecretEventResponse r = (DeleteSecretEventResponse) suite.call(lc.csms, "DeleteSecretEvent",
              new DeleteSecretEventRequest().withEventName(event));
          Suite.same(wrong, "status", 204, r.getHttpStatusCode());
          return wrong;
        });
    suite.checkDocumented("ShowSecretEvent(" + event + ") after DeleteSecretEvent", url, "ShowSecretEvent", "EventNotFound", null,
        this::show, null);
    suite.checkDocumented("UpdateSecretEvent(" + event + ") after DeleteSecretEvent", url, "UpdateSecretEvent", "EventNotFound", null,
        () -> suite.call(lc.token, "UpdateSecretEvent", new UpdateSecretEventRequest().withEventName(event)
            .withBody(new UpdateSecretEventRequestBody().withState(UpdateSecretEventRequestBody.StateEnum.DISABLED))), null);
    suite.checkDocumented("DeleteSecretEvent(" + event + ") again", url, "DeleteSecretEvent", "EventNotFound", null,
        () -> suite.call(lc.csms, "DeleteSecretEvent", new DeleteSecretEventRequest().withEventName(event)), null);
  }

  /** The event's fields against what this class sent. */
  private List<String> sameEvent(Event e, List<String> types) {
    List<String> wrong = new ArrayList<>();
    Suite.same(wrong, "name", event, e.getName());
    Suite.same(wrong, "state", "ENABLED", e.getState() == null ? null : e.getState().getValue());
    Suite.same(wrong, "event_types", types, e.getEventTypes() == null ? null : e.getEventTypes().stream().map(t -> t.getValue()).toList());
    Notification n = e.getNotification();
    Suite.same(wrong, "notification", List.of(topic.getTargetType(), topic.getTargetId(), topic.getTargetName()),
        n == null ? null : List.of(n.getTargetType(), n.getTargetId(), n.getTargetName()));
    return wrong;
  }

  private Event show() throws Exception {
    return ((ShowSecretEventResponse) suite.call(lc.csms, "ShowSecretEvent", new ShowSecretEventRequest().withEventName(event)))
        .getEvent();
  }

  /** This run's event's notification records, newest first. */
  private List<Record> records() throws Exception {
    ListNotificationRecordsResponse r = (ListNotificationRecordsResponse) suite.call(lc.csms, "ListNotificationRecords",
        new ListNotificationRecordsRequest());
    return r.getRecords() == null ? List.of() : r.getRecords().stream().filter(x -> event.equals(x.getEventName())).toList();
  }
}
