// A backup of a configured secret (DownloadSecretBlob) restored into the second mock, which
// starts empty (UploadSecretBlob), and its values read back there.
package main

import (
	"fmt"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) backupAndRestore() {
	s.downloadBackup()
	s.uploadBackup()
}

func (s *suite) downloadBackup() {
	db := s.db
	name := fmt.Sprintf("DownloadSecretBlob(%s): a backup blob that does not show the value", db.Name)
	r, err := s.client.DownloadSecretBlob(&model.DownloadSecretBlobRequest{SecretName: db.Name})
	if callFailed(name, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	s.blob = deref(r.SecretBlob)
	d.ok(s.blob != "", "secret_blob is empty")
	for _, v := range db.Versions {
		d.ok(v.Value == nil || !strings.Contains(s.blob, *v.Value), "secret_blob holds a configured value in plain text")
	}
	check(len(d) == 0, name, d.String())
}

func (s *suite) uploadBackup() {
	db := s.db
	name := fmt.Sprintf("UploadSecretBlob(backup of %s) into the second mock: the restored Secret", db.Name)
	if s.blob == "" {
		check(false, name, "no backup to restore (DownloadSecretBlob failed)")
		return
	}
	r, err := s.restoreTarget.UploadSecretBlob(&model.UploadSecretBlobRequest{Body: &model.UploadSecretBlobRequestBody{SecretBlob: s.blob}})
	if callFailed(name, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.Secret != nil, "secret is absent") {
		d.eq("name", r.Secret.Name, str(db.Name))
		d.eq("description", r.Secret.Description, db.Description)
		d.eq("state", r.Secret.State, str(db.state()))
	}
	check(len(d) == 0, name, d.String())

	newest := db.Versions[len(db.Versions)-1]
	for _, v := range []configVersion{newest, db.Versions[0]} {
		asked := v.ID
		if v.ID == newest.ID {
			asked = "latest"
		}
		name = fmt.Sprintf("ShowSecretVersion(%s, %s) on the second mock: the restored value of %s", db.Name, asked, v.ID)
		sv, err := s.restoreTarget.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: db.Name, VersionId: asked})
		if callFailed(name, err) {
			continue
		}
		d = nil
		d.value(sv.Version, v.Value, nil)
		if sv.Version != nil && sv.Version.VersionMetadata != nil {
			d.eq("version_metadata.id", sv.Version.VersionMetadata.Id, str(v.ID))
		}
		check(len(d) == 0, name, d.String())
	}

	_, err = s.restoreTarget.UploadSecretBlob(&model.UploadSecretBlobRequest{Body: &model.UploadSecretBlobRequestBody{SecretBlob: s.blob}})
	checkTypedError("UploadSecretBlob(same backup) again: 400 CSMS.0002, RequestId = X-Request-Id", err, s.mockURL2,
		wantError{status: 400, code: "CSMS.0002", operation: "UploadSecretBlob"})
}
