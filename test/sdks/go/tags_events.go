// The tags-and-events flow (issue #24) on one secret of this run: tag it by its id, find it by
// tag, list and untag (tags.go); create an event, subscribe the secret, create a version, see the
// notification record, be refused deleting the subscribed event, unsubscribe and delete it
// (events.go, notifications.go). The secret and the event are deleted again, even after a failure.
package main

import (
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) tagsAndEvents() {
	name, event := s.name("tagged"), s.name("event")
	defer s.cleanup(name)
	defer s.cleanupEvent(name, event)
	if !s.create(name, textValue(), "") {
		return
	}
	sec := s.showSecret("ShowSecret("+name+"): its id, which the tag operations take", name)
	if sec == nil || deref(sec.Id) == "" {
		return
	}
	s.tagFlow(name, *sec.Id)
	s.tagLimit(name, *sec.Id)
	s.tagErrors(name, *sec.Id)
	s.eventFlow(name, event)
	s.eventErrors()
	s.remove(name)
}

// Removes what the event flow may have left when it stopped early: the subscription, then the
// event. The last checks of the run (ListSecretEvents, ListSecrets) say whether it worked.
func (s *suite) cleanupEvent(secret, event string) {
	_, _ = s.client.UpdateSecret(&model.UpdateSecretRequest{SecretName: secret, Body: &model.UpdateSecretRequestBody{EventSubscriptions: &[]string{}}})
	_, _ = s.client.DeleteSecretEvent(&model.DeleteSecretEventRequest{EventName: event})
}
