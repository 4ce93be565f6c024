// The documented 400 and 404 of the reads, as the SDK's typed error: a missing secret, version or
// stage (404 CSMS.0005), a name or limit the document refuses (400 CSMS.0002).
package main

import (
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) readErrors() {
	missing, db := s.name("missing"), s.dbName
	_, err := s.client.ShowSecret(&model.ShowSecretRequest{SecretName: missing})
	s.refused(err, "ShowSecret", missing, 404, "CSMS.0005", "of a missing secret")
	_, err = s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: db, VersionId: "v404"})
	s.refused(err, "ShowSecretVersion", db, 404, "CSMS.0005", "of a missing version (v404)")
	_, err = s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: missing})
	s.refused(err, "ListSecretVersions", missing, 404, "CSMS.0005", "of a missing secret")
	_, err = s.client.ShowSecretStage(&model.ShowSecretStageRequest{SecretName: db, StageName: "no-such-stage"})
	s.refused(err, "ShowSecretStage", db, 404, "CSMS.0005", "of a missing stage")
	_, err = s.client.DownloadSecretBlob(&model.DownloadSecretBlobRequest{SecretName: missing})
	s.refused(err, "DownloadSecretBlob", missing, 404, "CSMS.0005", "of a missing secret")

	// A name the document refuses, percent-escaped on the wire (a%20b): the signature of an escaped
	// path must verify, so the answer is the document's 400, not a 401.
	_, err = s.client.ShowSecret(&model.ShowSecretRequest{SecretName: "a b"})
	s.refused(err, "ShowSecret", "a b", 400, "CSMS.0002", "of an invalid name, sent escaped")
	_, err = s.client.DownloadSecretBlob(&model.DownloadSecretBlobRequest{SecretName: "a b"})
	s.refused(err, "DownloadSecretBlob", "a b", 400, "CSMS.0002", "of an invalid name")
	_, err = s.client.ShowSecretStage(&model.ShowSecretStageRequest{SecretName: db, StageName: "a b"})
	s.refused(err, "ShowSecretStage", db, 400, "CSMS.0002", "of an invalid stage name (a b)")
	_, err = s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: db, Limit: ptr(int32(0))})
	s.refused(err, "ListSecretVersions", db, 400, "CSMS.0002", "with limit 0")
	_, err = s.client.ListSecrets(&model.ListSecretsRequest{Limit: str("0")})
	s.refused(err, "ListSecrets", "", 400, "CSMS.0002", `with limit "0"`)
}
