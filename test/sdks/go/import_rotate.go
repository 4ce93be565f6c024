// BatchImportSecrets (one new name and one taken: the new one created, the taken one listed in
// error_list and left as it was) and RotateSecret (refused for a COMMON secret; for an RDS-FG
// secret, a new SYSCURRENT version with another value).
package main

import (
	"fmt"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) batchImport() {
	taken, fresh := s.name("taken"), s.name("import")
	defer s.cleanup(taken, fresh)
	takenValue, freshValue, desc := textValue(), textValue(), "imported by the Go SDK suite"
	if !s.create(taken, takenValue, "") {
		return
	}
	label := fmt.Sprintf("BatchImportSecrets([%s new, %s taken]): total 2, success 1, failed 1, error_list names %s", fresh, taken, taken)
	r, err := s.client.BatchImportSecrets(&model.BatchImportSecretsRequest{Body: &model.ImportSecretsRequest{Secrets: []model.CreateSecretRequestBody{
		{Name: fresh, SecretString: &freshValue, Description: &desc},
		{Name: taken, SecretBinary: str(binaryValue())},
	}}})
	if callFailed(label, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	d.eq("total", r.Total, ptr(int32(2)))
	d.eq("success", r.Success, ptr(int32(1)))
	d.eq("failed", r.Failed, ptr(int32(1)))
	if list := deref(r.ErrorList); d.ok(len(list) == 1, fmt.Sprintf("error_list has %d entries, want 1", len(list))) {
		d.eq("error_list[0].name", list[0].Name, taken)
		d.ok(list[0].ErrorMsg != "", "error_list[0].error_msg is empty")
	}
	check(len(d) == 0, label, d.String())

	label = fmt.Sprintf("ShowSecret(%s) after the import: created ENABLED with its description", fresh)
	if got := s.showSecret(label, fresh); got != nil {
		d = nil
		d.eq("state", got.State, str("ENABLED"))
		d.eq("description", got.Description, str(desc))
		check(len(d) == 0, label, d.String())
	}
	s.expectValue(fresh, "latest", "v1", freshValue, false)
	s.expectVersions("after the import", fresh, map[string][]string{"v1": {"SYSCURRENT"}})
	// The taken name keeps its own text value: the failed item overwrote nothing.
	s.expectValue(taken, "latest", "v1", takenValue, false)
	s.remove(fresh)
	s.remove(taken)
}

func (s *suite) rotation() {
	common, rds := s.name("common"), s.name("rds")
	defer s.cleanup(common, rds)
	if s.create(common, textValue(), "") {
		_, err := s.client.RotateSecret(&model.RotateSecretRequest{SecretName: common})
		s.refused(err, "RotateSecret", common, 400, "CSMS.0002", "of a COMMON secret")
		s.expectVersions("after the refused rotation", common, map[string][]string{"v1": {"SYSCURRENT"}})
		s.remove(common)
	}

	value := fmt.Sprintf(`{"username":"app","password":%q}`, textValue())
	config := `{"InstanceId":"` + s.runID + `in01","SecretSubType":"SingleUser"}`
	label := fmt.Sprintf("CreateSecret(%s, secret_type RDS-FG, rotation_config): type and configuration kept", rds)
	r, err := s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: rds, SecretString: &value,
		SecretType: ptr(model.GetCreateSecretRequestBodySecretTypeEnum().RDS_FG), RotationConfig: &config}})
	if callFailed(label, err) {
		return
	}
	var d diffs
	if d.ok(r.Secret != nil, "secret is absent") {
		d.eq("secret_type", secretType(r.Secret), "RDS-FG")
		d.eq("rotation_config", r.Secret.RotationConfig, &config)
	}
	check(len(d) == 0, label, d.String())
	if got := s.showSecret("ShowSecret("+rds+") after CreateSecret: secret_type RDS-FG", rds); got != nil {
		check(secretType(got) == "RDS-FG", "ShowSecret("+rds+") after CreateSecret: secret_type RDS-FG", "secret_type is "+secretType(got))
	}
	s.rotateDatabaseSecret(rds, value)
	s.remove(rds)
}

func (s *suite) rotateDatabaseSecret(name, before string) {
	label := fmt.Sprintf("RotateSecret(%s): version_id v2 and the secret's name", name)
	r, err := s.client.RotateSecret(&model.RotateSecretRequest{SecretName: name})
	if callFailed(label, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	d.eq("version_id", r.VersionId, str("v2"))
	d.eq("secret_name", r.SecretName, str(name))
	check(len(d) == 0, label, d.String())
	s.expectStage(name, "SYSCURRENT", "v2")
	s.expectStage(name, "SYSPREVIOUS", "v1")
	s.expectValue(name, "v1", "v1", before, false)

	label = fmt.Sprintf("ShowSecretVersion(%s, v2) after RotateSecret: a new value, not the one before", name)
	v, err := s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: name, VersionId: "v2"})
	if callFailed(label, err) {
		return
	}
	d = nil
	if d.ok(v.Version != nil, "version is absent") {
		got := deref(v.Version.SecretString)
		d.ok(got != "", "secret_string is empty")
		d.ok(got != before, "secret_string is the value before the rotation")
		d.ok(v.Version.VersionMetadata != nil && show(deref(v.Version.VersionMetadata.VersionStages)) == `["SYSCURRENT"]`, "v2 is not staged SYSCURRENT only")
	}
	check(len(d) == 0, label, d.String())
}
