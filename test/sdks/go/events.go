// Events and their notification records: create an event, subscribe a secret to it (UpdateSecret
// event_subscriptions), create a version and see the record; deleting the subscribed event is
// refused; a disabled event notifies nobody; unsubscribe and delete. The documented 400 and 404
// of the event operations as the SDK's typed error (wrapped {"error": {…}} in the document).
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// The SMN topic this run's events report to (never called: the mock only records it).
func (s *suite) topic() *model.Notification {
	return &model.Notification{TargetType: "SMN", TargetId: "urn:smn:cn-north-4:" + s.projectID + ":go-topic-" + s.runID, TargetName: "go-topic-" + s.runID}
}

func eventTypes(e *model.Event) []string {
	var out []string
	for _, t := range deref(e.EventTypes) {
		out = append(out, t.Value())
	}
	return out
}

func eventState(e *model.Event) string {
	if e.State == nil {
		return ""
	}
	return e.State.Value()
}

func (s *suite) eventFlow(secret, event string) {
	created := s.createEvent(event)
	if created == nil {
		return
	}
	s.expectEvent("after CreateSecretEvent: as created", event, created)
	s.expectEventsListed("with this run's event", map[string]*model.Event{event: created})
	_, err := s.client.CreateSecretEvent(&model.CreateSecretEventRequest{Body: s.eventBody(event)})
	s.refusedAs(err, "CreateSecretEvent", "EventExists", fmt.Sprintf("(%s) of a name taken", event))

	if !s.subscribe(secret, []string{event}) {
		return
	}
	before := len(s.recordsOf(event, "before the new version"))
	s.newVersion(secret)
	s.expectRecord(secret, event, before)

	_, err = s.client.DeleteSecretEvent(&model.DeleteSecretEventRequest{EventName: event})
	s.refusedAs(err, "DeleteSecretEvent", "EventInUse", fmt.Sprintf("(%s) while %s subscribes to it", event, secret))
	s.expectEvent("after the refused DeleteSecretEvent: still there", event, created)

	// A disabled event notifies nobody (the SDK model of CreateSecretEventRequestBody.state: only
	// an ENABLED event fires the basic events it lists).
	disabled := model.GetUpdateSecretEventRequestBodyStateEnum().DISABLED
	if changed := s.updateEvent(event, &model.UpdateSecretEventRequestBody{State: &disabled}, "DISABLED", eventTypes(created)); changed != nil {
		n := len(s.recordsOf(event, "before"))
		s.newVersion(secret)
		check(len(s.recordsOf(event, "after")) == n, fmt.Sprintf("ListNotificationRecords() after a version of %s while %s is DISABLED: no new record", secret, event), "a record was written")
	}
	onlyCreated := []model.UpdateSecretEventRequestBodyEventTypes{model.GetUpdateSecretEventRequestBodyEventTypesEnum().SECRET_VERSION_CREATED}
	s.updateEvent(event, &model.UpdateSecretEventRequestBody{EventTypes: &onlyCreated}, "DISABLED", []string{"SECRET_VERSION_CREATED"})

	if !s.subscribe(secret, []string{}) {
		return
	}
	r, err := s.client.DeleteSecretEvent(&model.DeleteSecretEventRequest{EventName: event})
	label := fmt.Sprintf("DeleteSecretEvent(%s) once no secret subscribes: 204", event)
	if !callFailed(label, err) {
		check(r.HttpStatusCode == 204, label, fmt.Sprintf("HttpStatusCode is %d", r.HttpStatusCode))
	}
	_, err = s.client.ShowSecretEvent(&model.ShowSecretEventRequest{EventName: event})
	s.refusedAs(err, "ShowSecretEvent", "EventNotFound", fmt.Sprintf("(%s) after DeleteSecretEvent", event))
	_, err = s.client.DeleteSecretEvent(&model.DeleteSecretEventRequest{EventName: event})
	s.refusedAs(err, "DeleteSecretEvent", "EventNotFound", fmt.Sprintf("(%s) a second time", event))
	s.expectEventsListed("after DeleteSecretEvent", nil)
}

func (s *suite) eventBody(event string) *model.CreateSecretEventRequestBody {
	types := model.GetCreateSecretEventRequestBodyEventTypesEnum()
	return &model.CreateSecretEventRequestBody{Name: event, State: model.GetCreateSecretEventRequestBodyStateEnum().ENABLED,
		EventTypes: []model.CreateSecretEventRequestBodyEventTypes{types.SECRET_VERSION_CREATED, types.SECRET_DELETED}, Notification: s.topic()}
}

// CreateSecretEvent answers the event as sent, with an id and its times.
func (s *suite) createEvent(event string) *model.Event {
	label := fmt.Sprintf("CreateSecretEvent(%s, ENABLED, SECRET_VERSION_CREATED and SECRET_DELETED, an SMN topic): the event as sent", event)
	r, err := s.client.CreateSecretEvent(&model.CreateSecretEventRequest{Body: s.eventBody(event)})
	if callFailed(label, err) {
		return nil
	}
	var d diffs
	if !d.ok(r.Event != nil, "event is absent") {
		check(false, label, d.String())
		return nil
	}
	e := r.Event
	d.eq("name", e.Name, &event)
	d.eq("event_types", eventTypes(e), []string{"SECRET_VERSION_CREATED", "SECRET_DELETED"})
	d.eq("state", eventState(e), "ENABLED")
	d.eq("notification", e.Notification, s.topic())
	d.ok(deref(e.EventId) != "", "event_id is empty")
	d.ok(deref(e.CreateTime) > 0 && deref(e.UpdateTime) == deref(e.CreateTime), "create_time and update_time are not one positive time")
	check(len(d) == 0, label, d.String())
	return e
}

// ShowSecretEvent(event) is the event given.
func (s *suite) expectEvent(when, event string, want *model.Event) {
	label := fmt.Sprintf("ShowSecretEvent(%s) %s", event, when)
	r, err := s.client.ShowSecretEvent(&model.ShowSecretEventRequest{EventName: event})
	if callFailed(label, err) {
		return
	}
	var d diffs
	d.eq("event", asJSON(r.Event), asJSON(want))
	check(len(d) == 0, label, d.String())
}

// UpdateSecretEvent changes what it is given and keeps the rest; ShowSecretEvent agrees.
func (s *suite) updateEvent(event string, body *model.UpdateSecretEventRequestBody, state string, types []string) *model.Event {
	label := fmt.Sprintf("UpdateSecretEvent(%s, %s): state %s, event_types %v, the same topic", event, show(body), state, types)
	r, err := s.client.UpdateSecretEvent(&model.UpdateSecretEventRequest{EventName: event, Body: body})
	if callFailed(label, err) {
		return nil
	}
	var d diffs
	if d.ok(r.Event != nil, "event is absent") {
		d.eq("name", r.Event.Name, &event)
		d.eq("state", eventState(r.Event), state)
		d.eq("event_types", eventTypes(r.Event), types)
		d.eq("notification", r.Event.Notification, s.topic())
		d.ok(deref(r.Event.UpdateTime) >= deref(r.Event.CreateTime), "update_time is before create_time")
	}
	if !check(len(d) == 0, label, d.String()) {
		return nil
	}
	s.expectEvent("after UpdateSecretEvent: as updated", event, r.Event)
	return r.Event
}

// ListSecretEvents, a page of one at a time: the configured events and the ones given, each as
// ShowSecretEvent gave it.
func (s *suite) expectEventsListed(when string, ours map[string]*model.Event) {
	label := fmt.Sprintf("ListSecretEvents(limit 1, page by page) %s: the configured events and %d of this run", when, len(ours))
	var d diffs
	got := map[string]*model.Event{}
	var marker *string
	for page := 0; page < 100; page++ {
		r, err := s.client.ListSecretEvents(&model.ListSecretEventsRequest{Limit: str("1"), Marker: marker})
		if callFailed(label, err) {
			return
		}
		for i, e := range deref(r.Events) {
			got[deref(e.Name)] = &deref(r.Events)[i]
		}
		d.ok(len(deref(r.Events)) <= 1, fmt.Sprintf("page %d holds %d events", page, len(deref(r.Events))))
		if r.PageInfo == nil || r.PageInfo.NextMarker == nil {
			break
		}
		marker = r.PageInfo.NextMarker
	}
	want := []string{}
	for _, e := range s.cfg.Events {
		want = append(want, e.Name)
	}
	for name, e := range ours {
		want = append(want, name)
		d.eq(name, asJSON(got[name]), asJSON(e))
	}
	names := []string{}
	for name := range got {
		names = append(names, name)
	}
	d.eq("names", sorted(names), sorted(want))
	check(len(d) == 0, label, d.String())
}

// The documented 400 and 404 of the event operations that the flow does not meet.
func (s *suite) eventErrors() {
	missing, bad := s.name("no-event"), "a b"
	_, err := s.client.CreateSecretEvent(&model.CreateSecretEventRequest{Body: &model.CreateSecretEventRequestBody{Name: missing,
		State: model.GetCreateSecretEventRequestBodyStateEnum().ENABLED, EventTypes: []model.CreateSecretEventRequestBodyEventTypes{}, Notification: s.topic()}})
	s.refusedAs(err, "CreateSecretEvent", "MalformedBody", fmt.Sprintf("(%s) with no event_types", missing))
	_, err = s.client.ShowSecretEvent(&model.ShowSecretEventRequest{EventName: missing})
	s.refusedAs(err, "ShowSecretEvent", "EventNotFound", fmt.Sprintf("(%s) of a name no event has", missing))
	_, err = s.client.ShowSecretEvent(&model.ShowSecretEventRequest{EventName: bad})
	s.refusedAs(err, "ShowSecretEvent", "InvalidParameter", "(a b) of an invalid name")
	enabled := model.GetUpdateSecretEventRequestBodyStateEnum().ENABLED
	_, err = s.client.UpdateSecretEvent(&model.UpdateSecretEventRequest{EventName: missing, Body: &model.UpdateSecretEventRequestBody{State: &enabled}})
	s.refusedAs(err, "UpdateSecretEvent", "EventNotFound", fmt.Sprintf("(%s) of a name no event has", missing))
	_, err = s.client.UpdateSecretEvent(&model.UpdateSecretEventRequest{EventName: missing, Body: &model.UpdateSecretEventRequestBody{}})
	s.refusedAs(err, "UpdateSecretEvent", "MalformedBody", fmt.Sprintf("(%s) with a body that changes nothing", missing))
	_, err = s.client.DeleteSecretEvent(&model.DeleteSecretEventRequest{EventName: bad})
	s.refusedAs(err, "DeleteSecretEvent", "InvalidParameter", "(a b) of an invalid name")
	_, err = s.client.ListSecretEvents(&model.ListSecretEventsRequest{Limit: str("0")})
	s.refusedAs(err, "ListSecretEvents", "InvalidLimit", `with limit "0"`)
	_, err = s.client.ListSecretEvents(&model.ListSecretEventsRequest{Marker: &missing})
	s.refusedAs(err, "ListSecretEvents", "InvalidMarker", fmt.Sprintf("with the marker %s, no event's name", missing))
	s.preferred(s.client.ListNotificationRecordsInvoker(&model.ListNotificationRecordsRequest{}).BaseInvoker, "ListNotificationRecords", 400, "InvalidParameter")
}
