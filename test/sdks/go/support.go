// What the write groups share: fresh values, secrets created and deleted around a group, and
// read-backs through the SDK (versions with their stages, a stage, a value, a secret's fields).
package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

const day = int64(24 * time.Hour / time.Millisecond)

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}

// A fresh text value (never printed).
func textValue() string { return "go-suite-" + hex.EncodeToString(randomBytes(12)) }

// A fresh binary value, as the document takes it: standard Base64 with padding.
func binaryValue() string { return base64.StdEncoding.EncodeToString(randomBytes(20)) }

func nowMs() int64 { return time.Now().UnixMilli() }

// Creates a COMMON secret with a text value for a group to work on; false (and a failed check)
// when the SDK call fails.
func (s *suite) create(name, value, description string) bool {
	body := &model.CreateSecretRequestBody{Name: name, SecretString: &value}
	if description != "" {
		body.Description = &description
	}
	_, err := s.client.CreateSecret(&model.CreateSecretRequest{Body: body})
	return !callFailed(fmt.Sprintf("CreateSecret(%s) for the checks that follow", name), err)
}

// Deletes a secret a group created (DeleteSecret), as a check.
func (s *suite) remove(name string) {
	r, err := s.client.DeleteSecret(&model.DeleteSecretRequest{SecretName: name})
	if !callFailed(fmt.Sprintf("DeleteSecret(%s) after the checks", name), err) && r.HttpStatusCode != 200 {
		check(false, fmt.Sprintf("DeleteSecret(%s) after the checks", name), fmt.Sprintf("HttpStatusCode is %d, want 200", r.HttpStatusCode))
	}
}

// Deletes what a group may have left when it stopped early; a secret already gone is fine. The
// last check of the run (ListSecrets shows the configured secrets only) says whether it worked.
func (s *suite) cleanup(names ...string) {
	for _, name := range names {
		_, _ = s.client.DeleteSecret(&model.DeleteSecretRequest{SecretName: name})
	}
}

// ListSecretVersions(name) as version id → its stages (sorted), oldest first, as a check.
func (s *suite) expectVersions(when, name string, want map[string][]string) []model.VersionMetadata {
	label := fmt.Sprintf("ListSecretVersions(%s) %s: versions %s", name, when, show(want))
	r, err := s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: name})
	if callFailed(label, err) {
		return nil
	}
	got := map[string][]string{}
	for _, v := range deref(r.VersionMetadatas) {
		got[deref(v.Id)] = sorted(deref(v.VersionStages))
		if got[deref(v.Id)] == nil {
			got[deref(v.Id)] = []string{}
		}
	}
	wantSorted := map[string][]string{}
	for id, stages := range want {
		wantSorted[id] = sorted(stages)
	}
	var d diffs
	d.eq("versions and stages", got, wantSorted)
	check(len(d) == 0, label, d.String())
	return deref(r.VersionMetadatas)
}

// ShowSecretStage(name, stage) points at version, as a check.
func (s *suite) expectStage(name, stage, version string) {
	label := fmt.Sprintf("ShowSecretStage(%s, %s): points at %s", name, stage, version)
	r, err := s.client.ShowSecretStage(&model.ShowSecretStageRequest{SecretName: name, StageName: stage})
	if callFailed(label, err) {
		return
	}
	var d diffs
	if d.ok(r.Stage != nil, "stage is absent") {
		d.eq("version_id", r.Stage.VersionId, str(version))
		d.eq("name", r.Stage.Name, str(stage))
		d.eq("secret_name", r.Stage.SecretName, str(name))
	}
	check(len(d) == 0, label, d.String())
}

// ShowSecretVersion(name, asked) holds the value given (text or, with binary, Base64 bytes) and
// is the version wantID; returns its metadata.
func (s *suite) expectValue(name, asked, wantID string, value string, binary bool) *model.VersionMetadata {
	kind := "secret_string"
	if binary {
		kind = "secret_binary"
	}
	label := fmt.Sprintf("ShowSecretVersion(%s, %s): %s of %s, as stored", name, asked, kind, wantID)
	r, err := s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: name, VersionId: asked})
	if callFailed(label, err) {
		return nil
	}
	var d diffs
	if binary {
		d.value(r.Version, nil, &value)
	} else {
		d.value(r.Version, &value, nil)
	}
	var m *model.VersionMetadata
	if r.Version != nil && d.ok(r.Version.VersionMetadata != nil, "version_metadata is absent") {
		m = r.Version.VersionMetadata
		d.eq("version_metadata.id", m.Id, str(wantID))
		d.eq("version_metadata.secret_name", m.SecretName, str(name))
	}
	check(len(d) == 0, label, d.String())
	return m
}

// ShowSecret(name), or nil after a failed check.
func (s *suite) showSecret(label, name string) *model.Secret {
	r, err := s.client.ShowSecret(&model.ShowSecretRequest{SecretName: name})
	if callFailed(label, err) {
		return nil
	}
	if r.Secret == nil {
		check(false, label, "secret is absent")
	}
	return r.Secret
}

// The fields a secret keeps across an update: id, name, kms_key_id, create_time, secret_type.
func (d *diffs) sameIdentity(got, want *model.Secret) {
	d.eq("id", got.Id, want.Id)
	d.eq("name", got.Name, want.Name)
	d.eq("kms_key_id", got.KmsKeyId, want.KmsKeyId)
	d.eq("create_time", got.CreateTime, want.CreateTime)
	d.eq("secret_type", secretType(got), secretType(want))
}

func secretType(sec *model.Secret) string {
	if sec == nil || sec.SecretType == nil {
		return ""
	}
	return sec.SecretType.Value()
}

// The typed error of a call to the first mock: status, error code, and the RequestId the
// answer's X-Request-Id gave (checkTypedError).
func (s *suite) refused(err error, op, secret string, status int, code, why string) *sdkerr.ServiceResponseError {
	label := fmt.Sprintf("%s(%s) %s: ServiceResponseError %d %s, RequestId = X-Request-Id", op, secret, why, status, code)
	return checkTypedError(label, err, s.mockURL, wantError{status: status, code: code, operation: op, secret: secret})
}
