// A secret's subscriptions to events (UpdateSecret event_subscriptions, ListSecrets event_name)
// and the notification records an event of a subscribed secret writes (ListNotificationRecords).
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// UpdateSecret(secret, event_subscriptions) sets the subscriptions; ShowSecret and ListSecrets
// filtered by each event agree.
func (s *suite) subscribe(secret string, events []string) bool {
	label := fmt.Sprintf("UpdateSecret(%s, event_subscriptions %v): the subscriptions sent", secret, events)
	r, err := s.client.UpdateSecret(&model.UpdateSecretRequest{SecretName: secret, Body: &model.UpdateSecretRequestBody{EventSubscriptions: &events}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	if d.ok(r.Secret != nil, "secret is absent") {
		d.eq("event_subscriptions", deref(r.Secret.EventSubscriptions), events)
	}
	if !check(len(d) == 0, label, d.String()) {
		return false
	}
	shown := fmt.Sprintf("ShowSecret(%s) after UpdateSecret: event_subscriptions %v", secret, events)
	if got := s.showSecret(shown, secret); got != nil {
		check(show(deref(got.EventSubscriptions)) == show(events), shown, "event_subscriptions is "+show(got.EventSubscriptions))
	}
	for _, event := range events {
		listed := fmt.Sprintf("ListSecrets(event_name %s): %s only", event, secret)
		l, err := s.client.ListSecrets(&model.ListSecretsRequest{EventName: &event})
		if !callFailed(listed, err) {
			check(show(secretNames(l.Secrets)) == show([]string{secret}), listed, "secrets are "+show(secretNames(l.Secrets)))
		}
	}
	return true
}

// A new version of the secret (CreateSecretVersion), as a basic event for its subscriptions.
func (s *suite) newVersion(secret string) {
	label := fmt.Sprintf("CreateSecretVersion(%s): a version, the basic event SECRET_VERSION_CREATED", secret)
	_, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: secret,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue())}})
	if !callFailed(label, err) {
		check(true, label, "")
	}
}

// The notification records of one event (ListNotificationRecords, newest first).
func (s *suite) recordsOf(event, when string) []model.Record {
	r, err := s.client.ListNotificationRecords(&model.ListNotificationRecordsRequest{})
	if callFailed(fmt.Sprintf("ListNotificationRecords() %s", when), err) {
		return nil
	}
	var out []model.Record
	for _, rec := range deref(r.Records) {
		if deref(rec.EventName) == event {
			out = append(out, rec)
		}
	}
	return out
}

// One more record of the event than before, the newest: the version created, for this secret,
// sent to the event's topic.
func (s *suite) expectRecord(secret, event string, before int) {
	label := fmt.Sprintf("ListNotificationRecords() after a version of %s, subscribed to %s: one new record, SECRET_VERSION_CREATED to the event's topic", secret, event)
	records := s.recordsOf(event, "after the new version")
	var d diffs
	if d.ok(len(records) == before+1, fmt.Sprintf("%d records of %s, want %d", len(records), event, before+1)) {
		rec, topic := records[0], s.topic()
		trigger := ""
		if rec.TriggerEventType != nil {
			trigger = rec.TriggerEventType.Value()
		}
		d.eq("trigger_event_type", trigger, "SECRET_VERSION_CREATED")
		d.eq("secret_name", rec.SecretName, &secret)
		d.eq("notification_target_name", rec.NotificationTargetName, &topic.TargetName)
		d.eq("notification_target_id", rec.NotificationTargetId, &topic.TargetId)
		d.ok(deref(rec.CreateTime) > 0, "create_time is absent")
		d.ok(rec.NotificationStatus != nil, "notification_status is absent")
	}
	check(len(d) == 0, label, d.String())
}
