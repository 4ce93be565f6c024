// Typed errors of the reads: a missing secret or version (404 CSMS.0005) and a name the document
// refuses (400 CSMS.0002), each checked against the mock's journal.
package main

import (
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) readErrors() {
	_, err := s.client.ShowSecret(&model.ShowSecretRequest{SecretName: "no-such-secret"})
	checkTypedError("unknown secret: ServiceResponseError 404 CSMS.0005, RequestId = X-Request-Id", err, s.mockURL,
		wantError{status: 404, code: "CSMS.0005", operation: "ShowSecret", secret: "no-such-secret"})
	_, err = s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: s.dbName, VersionId: "v404"})
	checkTypedError("unknown version: ServiceResponseError 404 CSMS.0005, RequestId = X-Request-Id", err, s.mockURL,
		wantError{status: 404, code: "CSMS.0005", operation: "ShowSecretVersion", secret: s.dbName})

	// A name the document refuses, percent-escaped on the wire (a%20b): the signature of an escaped
	// path must verify, so the answer is the document's 400, not a 401.
	_, err = s.client.ShowSecret(&model.ShowSecretRequest{SecretName: "a b"})
	checkTypedError("invalid name (a b, sent escaped): ServiceResponseError 400 CSMS.0002, RequestId = X-Request-Id", err, s.mockURL,
		wantError{status: 400, code: "CSMS.0002", operation: "ShowSecret", secret: "a b"})
}
