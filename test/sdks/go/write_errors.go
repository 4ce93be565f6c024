// The documented 400 and 404 of the writes, as the SDK's typed error (status, error_code, and
// RequestId = the answer's X-Request-Id), each refused request checked to have changed nothing.
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) writeErrors() {
	s.writesToMissingSecret()
	target := s.name("errors")
	defer s.cleanup(target)
	value := textValue()
	if !s.create(target, value, "") {
		return
	}
	s.createRefused(target, value)
	s.versionWritesRefused(target)
	s.scheduleRefused(target)
	s.stageLimit(target)
	s.notEnabledRefused()
	s.remove(target)
}

// Every write naming a secret that does not exist: 404 CSMS.0005.
func (s *suite) writesToMissingSecret() {
	m := s.name("missing")
	calls := []struct {
		op   string
		call func() error
	}{
		{"UpdateSecret", func() error {
			_, err := s.client.UpdateSecret(&model.UpdateSecretRequest{SecretName: m, Body: &model.UpdateSecretRequestBody{Description: str("x")}})
			return err
		}},
		{"DeleteSecret", func() error { _, err := s.client.DeleteSecret(&model.DeleteSecretRequest{SecretName: m}); return err }},
		{"CreateSecretVersion", func() error {
			_, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: m, Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue())}})
			return err
		}},
		{"UpdateVersion", func() error {
			_, err := s.client.UpdateVersion(&model.UpdateVersionRequest{SecretName: m, VersionId: "v1", Body: &model.UpdateVersionRequestBody{ExpireTime: nowMs() + day}})
			return err
		}},
		{"UpdateSecretStage", func() error {
			_, err := s.client.UpdateSecretStage(&model.UpdateSecretStageRequest{SecretName: m, StageName: customStage, Body: &model.UpdateSecretStageRequestBody{VersionId: "v1"}})
			return err
		}},
		{"DeleteSecretStage", func() error {
			_, err := s.client.DeleteSecretStage(&model.DeleteSecretStageRequest{SecretName: m, StageName: customStage})
			return err
		}},
		{"DeleteSecretForSchedule", func() error {
			_, err := s.client.DeleteSecretForSchedule(&model.DeleteSecretForScheduleRequest{SecretName: m, Body: &model.DeleteSecretForScheduleRequestBody{RecoveryWindowInDays: 7}})
			return err
		}},
		{"RestoreSecret", func() error { _, err := s.client.RestoreSecret(&model.RestoreSecretRequest{SecretName: m}); return err }},
		{"RotateSecret", func() error { _, err := s.client.RotateSecret(&model.RotateSecretRequest{SecretName: m}); return err }},
	}
	for _, c := range calls {
		s.refused(c.call(), c.op, m, 404, "CSMS.0005", "of a missing secret")
	}
	_, err := s.client.DeleteSecret(&model.DeleteSecretRequest{SecretName: "a b"})
	s.refused(err, "DeleteSecret", "a b", 400, "CSMS.0002", "of an invalid name")
}

// CreateSecret and BatchImportSecrets refused: a taken name, a body with both values or neither,
// a database secret without rotation_config, a batch with one bad item (nothing created).
func (s *suite) createRefused(taken, takenValue string) {
	both, neither := s.name("both"), s.name("neither")
	_, err := s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: taken, SecretString: str(textValue())}})
	s.refused(err, "CreateSecret", "", 400, "CSMS.0002", "with the taken name "+taken)
	s.expectValue(taken, "latest", "v1", takenValue, false)

	_, err = s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: both, SecretString: str(textValue()), SecretBinary: str(binaryValue())}})
	s.refused(err, "CreateSecret", "", 400, "CSMS.0002", "with secret_string and secret_binary")
	_, err = s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: neither}})
	s.refused(err, "CreateSecret", "", 400, "CSMS.0002", "with neither secret_string nor secret_binary")
	_, err = s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: neither, SecretString: str(textValue()),
		SecretType: ptr(model.GetCreateSecretRequestBodySecretTypeEnum().RDS_FG)}})
	s.refused(err, "CreateSecret", "", 400, "CSMS.0002", "of type RDS-FG without rotation_config")

	_, err = s.client.BatchImportSecrets(&model.BatchImportSecretsRequest{Body: &model.ImportSecretsRequest{Secrets: []model.CreateSecretRequestBody{
		{Name: neither, SecretString: str(textValue())},
		{Name: both, SecretString: str(textValue()), SecretBinary: str(binaryValue())},
	}}})
	s.refused(err, "BatchImportSecrets", "", 400, "CSMS.0002", "with an item holding both values")
	for _, name := range []string{both, neither} {
		_, err = s.client.ShowSecret(&model.ShowSecretRequest{SecretName: name})
		s.refused(err, "ShowSecret", name, 404, "CSMS.0005", "after the refused creations (nothing created)")
	}
}

// CreateSecretVersion, UpdateVersion, UpdateSecretStage and DeleteSecretStage refused on an
// enabled secret: a bad body, a version or stage that does not exist.
func (s *suite) versionWritesRefused(target string) {
	_, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: target,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue()), SecretBinary: str(binaryValue())}})
	s.refused(err, "CreateSecretVersion", target, 400, "CSMS.0002", "with secret_string and secret_binary")
	// The document's ExpireTime is in milliseconds: a time in seconds is refused, not read as 1970.
	_, err = s.client.UpdateVersion(&model.UpdateVersionRequest{SecretName: target, VersionId: "v1",
		Body: &model.UpdateVersionRequestBody{ExpireTime: nowMs() / 1000}})
	s.refused(err, "UpdateVersion", target, 400, "CSMS.0002", "with expire_time in seconds")
	_, err = s.client.UpdateVersion(&model.UpdateVersionRequest{SecretName: target, VersionId: "v9",
		Body: &model.UpdateVersionRequestBody{ExpireTime: nowMs() + day}})
	s.refused(err, "UpdateVersion", target, 404, "CSMS.0005", "of a missing version (v9)")
	_, err = s.client.UpdateSecretStage(&model.UpdateSecretStageRequest{SecretName: target, StageName: customStage,
		Body: &model.UpdateSecretStageRequestBody{VersionId: "v9"}})
	s.refused(err, "UpdateSecretStage", target, 404, "CSMS.0005", "to a missing version (v9)")
	_, err = s.client.DeleteSecretStage(&model.DeleteSecretStageRequest{SecretName: target, StageName: customStage})
	s.refused(err, "DeleteSecretStage", target, 404, "CSMS.0005", "of a stage the secret does not have")

	list := s.expectVersions("after the refused version writes", target, map[string][]string{"v1": {"SYSCURRENT"}})
	if len(list) == 1 {
		check(list[0].ExpireTime == nil, fmt.Sprintf("ListSecretVersions(%s) after the refused UpdateVersion: v1 has no expiry", target),
			"expire_time is "+show(list[0].ExpireTime))
	}
}

// DeleteSecretForSchedule outside 7 to 30 days (400 CSMS.0002) and RestoreSecret of a secret
// with nothing scheduled (400 CSMS.0108): the secret stays ENABLED.
func (s *suite) scheduleRefused(target string) {
	for _, days := range []int32{6, 31} {
		_, err := s.client.DeleteSecretForSchedule(&model.DeleteSecretForScheduleRequest{SecretName: target,
			Body: &model.DeleteSecretForScheduleRequestBody{RecoveryWindowInDays: days}})
		s.refused(err, "DeleteSecretForSchedule", target, 400, "CSMS.0002", fmt.Sprintf("with %d days", days))
	}
	_, err := s.client.RestoreSecret(&model.RestoreSecretRequest{SecretName: target})
	s.refused(err, "RestoreSecret", target, 400, "CSMS.0108", "with nothing scheduled")
	label := fmt.Sprintf("ShowSecret(%s) after the refused schedules: ENABLED, no scheduled_delete_time", target)
	if got := s.showSecret(label, target); got != nil {
		var d diffs
		d.eq("state", got.State, str("ENABLED"))
		d.eq("scheduled_delete_time", got.ScheduledDeleteTime, (*int64)(nil))
		check(len(d) == 0, label, d.String())
	}
}
