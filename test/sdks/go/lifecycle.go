// A secret's whole life through the SDK's typed client, each step read back through the same
// SDK: create (a text value, and a binary one) → new version → stage moves (stages.go) → expiry
// → update → scheduled deletion → values refused while pending → cancel → delete.
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// What the steps hand on: the secrets' names and values (values never printed).
type life struct {
	name, binName  string
	v1, v2         string // values of the text secret's v1 and v2
	bin1, bin2     string // values of the binary secret's v1 and v2 (Base64)
	desc1, desc2   string
	expire         int64 // the expiry UpdateVersion sets on v1
	scheduledAt    int64 // scheduled_delete_time, as DeleteSecretForSchedule answered it
	created        *model.Secret
	lastUpdateTime int64
}

func (s *suite) lifecycle() {
	l := &life{name: s.name("life"), binName: s.name("life-bin"), v1: textValue(), v2: textValue(), bin1: binaryValue(), bin2: binaryValue(),
		desc1: "created by the Go SDK suite", desc2: "updated by the Go SDK suite"}
	defer s.cleanup(l.name, l.binName)
	steps := []struct {
		name string
		run  func(*life) bool
	}{
		{"create", s.lifeCreate},
		{"create with a binary value", s.lifeCreateBinary},
		{"new version", s.lifeNewVersion},
		{"new version with named stages", s.lifeStagedVersion},
		{"stage moves", s.lifeStageMoves},
		{"stage removal", s.lifeStageRemoval},
		{"expiry", s.lifeExpiry},
		{"update", s.lifeUpdate},
		{"scheduled deletion", s.lifeScheduleDeletion},
		{"refused while pending", s.lifeWhilePending},
		{"cancel", s.lifeCancel},
		{"delete", s.lifeDelete},
	}
	for _, step := range steps {
		before := failed
		if step.run(l) {
			continue
		}
		// A step that cannot go on has failed a check already; the steps after it need its state.
		if failed == before {
			check(false, "life cycle: "+step.name, "the step stopped without a failed check")
		}
		note("life cycle stopped at %q: the steps after it build on it", step.name)
		return
	}
}

func (s *suite) lifeCreate(l *life) bool {
	label := fmt.Sprintf("CreateSecret(%s, secret_string, description): the new secret ENABLED, COMMON, no deletion scheduled", l.name)
	before := nowMs()
	r, err := s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{
		Name: l.name, SecretString: &l.v1, Description: &l.desc1}})
	after := nowMs()
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if !d.ok(r.Secret != nil, "secret is absent") {
		return check(false, label, d.String())
	}
	sec := r.Secret
	d.eq("name", sec.Name, str(l.name))
	d.eq("description", sec.Description, str(l.desc1))
	d.eq("state", sec.State, str("ENABLED"))
	d.eq("secret_type", secretType(sec), "COMMON")
	d.ok(deref(sec.Id) != "", "id is empty")
	d.ok(deref(sec.KmsKeyId) != "", "kms_key_id is empty (the default key's ID is expected)")
	d.ok(deref(sec.CreateTime) >= before-1000 && deref(sec.CreateTime) <= after+1000, fmt.Sprintf("create_time %d is not the time of the call in ms", deref(sec.CreateTime)))
	d.ok(sec.ScheduledDeleteTime == nil, "scheduled_delete_time is set")
	check(len(d) == 0, label, d.String())
	l.created, l.lastUpdateTime = sec, deref(sec.UpdateTime)

	label = fmt.Sprintf("ShowSecret(%s) after CreateSecret: the secret as created", l.name)
	if got := s.showSecret(label, l.name); got != nil {
		d = nil
		d.sameIdentity(got, sec)
		d.eq("state", got.State, str("ENABLED"))
		d.eq("description", got.Description, str(l.desc1))
		check(len(d) == 0, label, d.String())
	}
	s.expectValue(l.name, "latest", "v1", l.v1, false)
	s.expectVersions("after CreateSecret", l.name, map[string][]string{"v1": {"SYSCURRENT"}})
	return true
}

func (s *suite) lifeCreateBinary(l *life) bool {
	label := fmt.Sprintf("CreateSecret(%s, secret_binary): the new secret ENABLED", l.binName)
	r, err := s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: l.binName, SecretBinary: &l.bin1}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.Secret != nil, "secret is absent") {
		d.eq("name", r.Secret.Name, str(l.binName))
		d.eq("state", r.Secret.State, str("ENABLED"))
	}
	check(len(d) == 0, label, d.String())
	m := s.expectValue(l.binName, "v1", "v1", l.bin1, true)
	if m != nil {
		check(show(deref(m.VersionStages)) == `["SYSCURRENT"]`, fmt.Sprintf("ShowSecretVersion(%s, v1): version_stages [SYSCURRENT]", l.binName),
			"version_stages is "+show(m.VersionStages))
	}
	return true
}

func (s *suite) lifeNewVersion(l *life) bool {
	label := fmt.Sprintf("CreateSecretVersion(%s, secret_string): v2 with SYSCURRENT", l.name)
	r, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: l.name,
		Body: &model.CreateSecretVersionRequestBody{SecretString: &l.v2}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.VersionMetadata != nil, "version_metadata is absent") {
		m := r.VersionMetadata
		d.eq("id", m.Id, str("v2"))
		d.eq("secret_name", m.SecretName, str(l.name))
		d.eq("version_stages", deref(m.VersionStages), []string{"SYSCURRENT"})
		d.eq("kms_key_id (the secret's)", m.KmsKeyId, l.created.KmsKeyId)
		d.ok(deref(m.CreateTime) >= deref(l.created.CreateTime), "create_time is before the secret's")
		d.ok(m.ExpireTime == nil, "expire_time is set though none was given")
	}
	check(len(d) == 0, label, d.String())
	s.expectVersions("after CreateSecretVersion", l.name, map[string][]string{"v1": {"SYSPREVIOUS"}, "v2": {"SYSCURRENT"}})
	s.expectStage(l.name, "SYSCURRENT", "v2")
	s.expectStage(l.name, "SYSPREVIOUS", "v1")
	s.expectValue(l.name, "latest", "v2", l.v2, false)
	s.expectValue(l.name, "v1", "v1", l.v1, false)
	return true
}

// With version_stages that leave SYSCURRENT out, the new version takes only the stages named
// and SYSCURRENT stays where it is (the document's CreateSecretVersion "Stages" rule).
func (s *suite) lifeStagedVersion(l *life) bool {
	label := fmt.Sprintf("CreateSecretVersion(%s, secret_binary, version_stages [pending]): v2 with pending only", l.binName)
	r, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: l.binName,
		Body: &model.CreateSecretVersionRequestBody{SecretBinary: &l.bin2, VersionStages: &[]string{"pending"}}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	if d.ok(r.VersionMetadata != nil, "version_metadata is absent") {
		d.eq("id", r.VersionMetadata.Id, str("v2"))
		d.eq("version_stages", deref(r.VersionMetadata.VersionStages), []string{"pending"})
	}
	check(len(d) == 0, label, d.String())
	s.expectVersions("after a version staged pending", l.binName, map[string][]string{"v1": {"SYSCURRENT"}, "v2": {"pending"}})
	s.expectStage(l.binName, "SYSCURRENT", "v1")
	s.expectValue(l.binName, "v2", "v2", l.bin2, true)
	return true
}
