// The life cycle's stage steps: a custom stage set (UpdateSecretStage), SYSCURRENT moved back to
// v1 with SYSPREVIOUS following, the custom stage removed (DeleteSecretStage, answered 204), and
// SYSCURRENT and SYSPREVIOUS refused removal (400 CSMS.0105) with nothing changed.
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

const customStage = "canary"

func (s *suite) moveStage(name, stage, version string, label string) bool {
	r, err := s.client.UpdateSecretStage(&model.UpdateSecretStageRequest{SecretName: name, StageName: stage,
		Body: &model.UpdateSecretStageRequestBody{VersionId: version}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.Stage != nil, "stage is absent") {
		d.eq("name", r.Stage.Name, str(stage))
		d.eq("version_id", r.Stage.VersionId, str(version))
		d.eq("secret_name", r.Stage.SecretName, str(name))
		d.ok(deref(r.Stage.UpdateTime) > 0, "update_time is not set")
	}
	return check(len(d) == 0, label, d.String())
}

func (s *suite) lifeStageMoves(l *life) bool {
	label := fmt.Sprintf("UpdateSecretStage(%s, %s → v1): a new custom stage on v1", l.name, customStage)
	if !s.moveStage(l.name, customStage, "v1", label) {
		return false
	}
	s.expectStage(l.name, customStage, "v1")
	s.expectVersions("after the custom stage", l.name, map[string][]string{"v1": {"SYSPREVIOUS", customStage}, "v2": {"SYSCURRENT"}})

	label = fmt.Sprintf("UpdateSecretStage(%s, SYSCURRENT → v1): SYSCURRENT back on v1", l.name)
	if !s.moveStage(l.name, "SYSCURRENT", "v1", label) {
		return false
	}
	s.expectStage(l.name, "SYSCURRENT", "v1")
	s.expectStage(l.name, "SYSPREVIOUS", "v2")
	s.expectVersions("after SYSCURRENT moved back (SYSPREVIOUS follows)", l.name,
		map[string][]string{"v1": {"SYSCURRENT", customStage}, "v2": {"SYSPREVIOUS"}})
	// `latest` is the version created last, not the one SYSCURRENT marks (the document's VersionId).
	if m := s.expectValue(l.name, "latest", "v2", l.v2, false); m != nil {
		check(show(deref(m.VersionStages)) == `["SYSPREVIOUS"]`, fmt.Sprintf("ShowSecretVersion(%s, latest) after the move: v2, staged SYSPREVIOUS only", l.name),
			"version_stages is "+show(m.VersionStages))
	}
	return true
}

func (s *suite) lifeStageRemoval(l *life) bool {
	label := fmt.Sprintf("DeleteSecretStage(%s, %s): answered 204 with no body, no error from the SDK", l.name, customStage)
	r, err := s.client.DeleteSecretStage(&model.DeleteSecretStageRequest{SecretName: l.name, StageName: customStage})
	if callFailed(label, err) {
		return false
	}
	check(r.HttpStatusCode == 204, label, fmt.Sprintf("HttpStatusCode is %d, want 204", r.HttpStatusCode))
	note("SDK behaviour (agrees with the document): an answer without a body, DeleteSecretStage's 204 and DeleteSecret's empty 200, " +
		"is a response with only HttpStatusCode set; v0.1.211 core/hc_http_client.go:450 reads a body only `if len(data) != 0`, " +
		"and core/sdkerr/error_handler.go:35 makes no error below 400.")
	_, err = s.client.ShowSecretStage(&model.ShowSecretStageRequest{SecretName: l.name, StageName: customStage})
	s.refused(err, "ShowSecretStage", l.name, 404, "CSMS.0005", "after the stage was removed")
	want := map[string][]string{"v1": {"SYSCURRENT"}, "v2": {"SYSPREVIOUS"}}
	s.expectVersions("after DeleteSecretStage", l.name, want)

	for _, stage := range []string{"SYSCURRENT", "SYSPREVIOUS"} {
		_, err = s.client.DeleteSecretStage(&model.DeleteSecretStageRequest{SecretName: l.name, StageName: stage})
		s.refused(err, "DeleteSecretStage", l.name, 400, "CSMS.0105", "of "+stage+" (kept by CSMS)")
	}
	s.expectVersions("after the refused removals", l.name, want)
	return true
}
