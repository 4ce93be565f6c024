// The life cycle's end: deletion scheduled in 7 days (PENDING_DELETE, scheduled_delete_time), the
// value and every change refused while pending, the deletion cancelled (RestoreSecret) and
// refused a second time, then the secret deleted at once (DeleteSecret) and gone (404).
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// The clocks of this program and the mock are the same machine's; the slack covers the
// rounding of the two to milliseconds, not a slow run (the window is measured around the call).
const clockSlackMs = 1000

func (s *suite) lifeScheduleDeletion(l *life) bool {
	label := fmt.Sprintf("DeleteSecretForSchedule(%s, 7 days): PENDING_DELETE, scheduled_delete_time = now + 7 days in ms", l.name)
	before := nowMs()
	r, err := s.client.DeleteSecretForSchedule(&model.DeleteSecretForScheduleRequest{SecretName: l.name,
		Body: &model.DeleteSecretForScheduleRequestBody{RecoveryWindowInDays: 7}})
	after := nowMs()
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if !d.ok(r.Secret != nil, "secret is absent") {
		return check(false, label, d.String())
	}
	d.eq("state", r.Secret.State, str("PENDING_DELETE"))
	l.scheduledAt = deref(r.Secret.ScheduledDeleteTime)
	lo, hi := before+7*day-clockSlackMs, after+7*day+clockSlackMs
	d.ok(l.scheduledAt >= lo && l.scheduledAt <= hi,
		fmt.Sprintf("scheduled_delete_time is %s, want between %d and %d (the call's time + 7 days)", show(r.Secret.ScheduledDeleteTime), lo, hi))
	d.sameIdentity(r.Secret, l.created)
	check(len(d) == 0, label, d.String())

	label = fmt.Sprintf("ShowSecret(%s) after DeleteSecretForSchedule: PENDING_DELETE, the same scheduled_delete_time", l.name)
	if got := s.showSecret(label, l.name); got != nil {
		d = nil
		d.eq("state", got.State, str("PENDING_DELETE"))
		d.eq("scheduled_delete_time", got.ScheduledDeleteTime, &l.scheduledAt)
		check(len(d) == 0, label, d.String())
	}
	return true
}

// While the deletion is pending, the value is refused (400 CSMS.0103) and so is every change;
// a second schedule gets 400 CSMS.0107. Afterwards the secret is as it was.
func (s *suite) lifeWhilePending(l *life) bool {
	n := l.name
	_, err := s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: n, VersionId: "latest"})
	s.refused(err, "ShowSecretVersion", n, 400, "CSMS.0103", "of latest while pending deletion")
	_, err = s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: n, VersionId: "v1"})
	s.refused(err, "ShowSecretVersion", n, 400, "CSMS.0103", "of v1 while pending deletion")
	_, err = s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: n,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue())}})
	s.refused(err, "CreateSecretVersion", n, 400, "CSMS.0103", "while pending deletion")
	_, err = s.client.UpdateSecret(&model.UpdateSecretRequest{SecretName: n, Body: &model.UpdateSecretRequestBody{Description: str("too late")}})
	s.refused(err, "UpdateSecret", n, 400, "CSMS.0103", "while pending deletion")
	_, err = s.client.UpdateVersion(&model.UpdateVersionRequest{SecretName: n, VersionId: "v1",
		Body: &model.UpdateVersionRequestBody{ExpireTime: l.expire + day}})
	s.refused(err, "UpdateVersion", n, 400, "CSMS.0103", "while pending deletion")
	_, err = s.client.UpdateSecretStage(&model.UpdateSecretStageRequest{SecretName: n, StageName: "SYSCURRENT",
		Body: &model.UpdateSecretStageRequestBody{VersionId: "v2"}})
	s.refused(err, "UpdateSecretStage", n, 400, "CSMS.0103", "while pending deletion")
	_, err = s.client.DeleteSecretForSchedule(&model.DeleteSecretForScheduleRequest{SecretName: n,
		Body: &model.DeleteSecretForScheduleRequestBody{RecoveryWindowInDays: 30}})
	s.refused(err, "DeleteSecretForSchedule", n, 400, "CSMS.0107", "a second time")

	label := fmt.Sprintf("ShowSecret(%s) after the refused calls: still pending, same time and description", n)
	if got := s.showSecret(label, n); got != nil {
		var d diffs
		d.eq("state", got.State, str("PENDING_DELETE"))
		d.eq("scheduled_delete_time", got.ScheduledDeleteTime, &l.scheduledAt)
		d.eq("description", got.Description, str(l.desc2))
		check(len(d) == 0, label, d.String())
	}
	list := s.expectVersions("after the refused calls", n, map[string][]string{"v1": {"SYSCURRENT"}, "v2": {"SYSPREVIOUS"}})
	for _, v := range list {
		if deref(v.Id) == "v1" {
			check(deref(v.ExpireTime) == l.expire, fmt.Sprintf("ListSecretVersions(%s) after the refused calls: v1 keeps its expiry", n),
				fmt.Sprintf("expire_time is %s", show(v.ExpireTime)))
		}
	}
	return true
}

func (s *suite) lifeCancel(l *life) bool {
	label := fmt.Sprintf("RestoreSecret(%s): the deletion cancelled, ENABLED, no scheduled_delete_time", l.name)
	r, err := s.client.RestoreSecret(&model.RestoreSecretRequest{SecretName: l.name})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.Secret != nil, "secret is absent") {
		d.eq("state", r.Secret.State, str("ENABLED"))
		d.eq("scheduled_delete_time", r.Secret.ScheduledDeleteTime, (*int64)(nil))
		d.sameIdentity(r.Secret, l.created)
	}
	check(len(d) == 0, label, d.String())

	label = fmt.Sprintf("ShowSecret(%s) after RestoreSecret: ENABLED, no scheduled_delete_time", l.name)
	if got := s.showSecret(label, l.name); got != nil {
		d = nil
		d.eq("state", got.State, str("ENABLED"))
		d.eq("scheduled_delete_time", got.ScheduledDeleteTime, (*int64)(nil))
		check(len(d) == 0, label, d.String())
	}
	s.expectValue(l.name, "v1", "v1", l.v1, false)

	_, err = s.client.RestoreSecret(&model.RestoreSecretRequest{SecretName: l.name})
	s.refused(err, "RestoreSecret", l.name, 400, "CSMS.0108", "a second time (nothing scheduled)")
	return true
}

func (s *suite) lifeDelete(l *life) bool {
	for _, name := range []string{l.name, l.binName} {
		label := fmt.Sprintf("DeleteSecret(%s): answered 200 with no body, no error from the SDK", name)
		r, err := s.client.DeleteSecret(&model.DeleteSecretRequest{SecretName: name})
		if callFailed(label, err) {
			return false
		}
		check(r.HttpStatusCode == 200, label, fmt.Sprintf("HttpStatusCode is %d, want 200", r.HttpStatusCode))
		_, err = s.client.ShowSecret(&model.ShowSecretRequest{SecretName: name})
		s.refused(err, "ShowSecret", name, 404, "CSMS.0005", "after DeleteSecret")
		_, err = s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: name})
		s.refused(err, "ListSecretVersions", name, 404, "CSMS.0005", "after DeleteSecret")
	}
	// The name is free again, and nothing of the old secret comes back with it.
	fresh := textValue()
	if !s.create(l.name, fresh, "") {
		return false
	}
	s.expectVersions("after the name was used again", l.name, map[string][]string{"v1": {"SYSCURRENT"}})
	s.expectValue(l.name, "latest", "v1", fresh, false)
	s.remove(l.name)
	return true
}
