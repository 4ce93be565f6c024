// Rules a write meets beyond its body: a secret carries at most 12 stages (400 CSMS.0203), and a
// secret that is not ENABLED takes no new version (400 CSMS.0002). Each refusal changes nothing.
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// The vendor's limit of stages per secret (vendor API reference, "Updating the Version Status of
// a Secret"; written in the document's StageName).
const maxStages = 12

// SYSCURRENT on v1 and 11 custom stages on a new v2 make 12; a 13th is refused, whether set by
// UpdateSecretStage or by CreateSecretVersion.
func (s *suite) stageLimit(target string) {
	custom := make([]string, 0, maxStages-1)
	for i := 1; i < maxStages; i++ {
		custom = append(custom, fmt.Sprintf("stage-%02d", i))
	}
	label := fmt.Sprintf("CreateSecretVersion(%s, version_stages: %d custom stages): v2 takes them, SYSCURRENT stays on v1", target, len(custom))
	r, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: target,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue()), VersionStages: &custom}})
	if callFailed(label, err) {
		return
	}
	var d diffs
	if d.ok(r.VersionMetadata != nil, "version_metadata is absent") {
		d.eq("id", r.VersionMetadata.Id, str("v2"))
		d.eq("version_stages", sorted(deref(r.VersionMetadata.VersionStages)), custom)
	}
	check(len(d) == 0, label, d.String())
	want := map[string][]string{"v1": {"SYSCURRENT"}, "v2": custom}
	s.expectVersions(fmt.Sprintf("with %d stages", maxStages), target, want)

	_, err = s.client.UpdateSecretStage(&model.UpdateSecretStageRequest{SecretName: target, StageName: "one-too-many",
		Body: &model.UpdateSecretStageRequestBody{VersionId: "v1"}})
	s.refused(err, "UpdateSecretStage", target, 400, "CSMS.0203", fmt.Sprintf("adding a %dth stage", maxStages+1))
	_, err = s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: target,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue()), VersionStages: &[]string{"one-too-many"}}})
	s.refused(err, "CreateSecretVersion", target, 400, "CSMS.0203", fmt.Sprintf("with a %dth stage", maxStages+1))
	s.expectVersions("after the refused 13th stage", target, want)

	// Moving a stage the secret has already makes none new, so it is not refused.
	label = fmt.Sprintf("UpdateSecretStage(%s, %s → v1) at %d stages: moved, no new stage", target, custom[0], maxStages)
	if s.moveStage(target, custom[0], "v1", label) {
		s.expectVersions("after the move", target, map[string][]string{"v1": {"SYSCURRENT", custom[0]}, "v2": custom[1:]})
	}
}

// A configured DISABLED secret: CreateSecretVersion is refused with 400 CSMS.0002 (the document's
// SecretNotEnabled), and its versions stay as configured.
func (s *suite) notEnabledRefused() {
	var disabled *configSecret
	for i, c := range s.cfg.Secrets {
		if c.state() == "DISABLED" {
			disabled = &s.cfg.Secrets[i]
			break
		}
	}
	if disabled == nil {
		check(false, "mock config", "has no DISABLED secret, which the not-enabled checks need")
		return
	}
	_, err := s.client.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: disabled.Name,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue())}})
	s.refused(err, "CreateSecretVersion", disabled.Name, 400, "CSMS.0002", "of a DISABLED secret")
	s.expectVersions("after the refused version", disabled.Name, disabled.stages())
}
