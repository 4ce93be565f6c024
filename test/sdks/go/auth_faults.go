// Signatures, the mock's configured faults and the IAM token, as the SDK meets them: a wrong SK
// refused on a read and on writes (and nothing written), a body changed after signing refused, a
// 429 with Retry-After, a gateway's HTML page, and the SDK's lack of a token mode.
package main

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/httphandler"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) authAndFaults() {
	s.wrongKey()
	s.tamperedBody()
	for _, f := range s.cfg.Faults {
		switch {
		case f.Status == 429:
			want := "1"
			if f.RetryAfter != nil {
				want = fmt.Sprint(*f.RetryAfter)
			}
			s.throttled(f.SecretName, want)
		case f.Status == 502 && f.HTML:
			s.gatewayPage(f.SecretName)
		}
	}
	checkNoTokenMode()
}

// A wrong SK: the signature of a GET, of a POST with a body and of a DELETE does not verify,
// each answered 401 APIGW.0301, and the writes change nothing.
func (s *suite) wrongKey() {
	wrong := newClient(s.mockURL, s.projectID, s.ak, clientOptions{sk: s.sk + "-wrong"})
	_, err := wrong.ShowSecret(&model.ShowSecretRequest{SecretName: s.dbName})
	checkTypedError("wrong SK: ServiceResponseError 401 APIGW.0301, RequestId = X-Request-Id", err, s.mockURL,
		wantError{status: 401, code: "APIGW.0301", operation: "ShowSecret", secret: s.dbName})

	name := s.name("wrong-sk")
	if !s.create(name, textValue(), "") {
		return
	}
	_, err = wrong.CreateSecretVersion(&model.CreateSecretVersionRequest{SecretName: name,
		Body: &model.CreateSecretVersionRequestBody{SecretString: str(textValue())}})
	checkTypedError("wrong SK on CreateSecretVersion (POST with a body): 401 APIGW.0301, RequestId = X-Request-Id", err, s.mockURL,
		wantError{status: 401, code: "APIGW.0301", operation: "CreateSecretVersion", secret: name})
	_, err = wrong.DeleteSecret(&model.DeleteSecretRequest{SecretName: name})
	checkTypedError("wrong SK on DeleteSecret (DELETE): 401 APIGW.0301, RequestId = X-Request-Id", err, s.mockURL,
		wantError{status: 401, code: "APIGW.0301", operation: "DeleteSecret", secret: name})
	s.expectVersions("after the refused writes", name, map[string][]string{"v1": {"SYSCURRENT"}})
	s.remove(name)
}

func (s *suite) throttled(secret, retryAfter string) {
	// The typed error carries no headers; the SDK's HttpHandler response hook sees them.
	var mu sync.Mutex
	var seen http.Header
	hook := httphandler.NewHttpHandler().AddResponseHandler(func(r http.Response) {
		mu.Lock()
		defer mu.Unlock()
		seen = r.Header.Clone()
	})
	throttledClient := newClient(s.mockURL, s.projectID, s.ak, clientOptions{sk: s.sk, handler: hook})
	_, err := throttledClient.ShowSecret(&model.ShowSecretRequest{SecretName: secret})
	sre := checkTypedError(fmt.Sprintf("throttled (%s): ServiceResponseError 429 APIGW.0308, RequestId = X-Request-Id", secret), err, s.mockURL,
		wantError{status: 429, code: "APIGW.0308", operation: "ShowSecret", secret: secret})
	mu.Lock()
	var d diffs
	if d.ok(seen != nil, "the response hook saw no answer") {
		d.eq("Retry-After", seen.Get("Retry-After"), retryAfter)
		if sre != nil {
			d.eq("X-Request-Id (vs the typed error's RequestId)", seen.Get("X-Request-Id"), sre.RequestId)
		}
	}
	mu.Unlock()
	check(len(d) == 0, fmt.Sprintf("throttled (%s): Retry-After %s reaches the SDK (HttpConfig.WithHttpHandler response hook)", secret, retryAfter), d.String())
	if _, has := reflect.TypeOf(sdkerr.ServiceResponseError{}).FieldByName("Header"); !has {
		note("limit: *sdkerr.ServiceResponseError has no headers, so Retry-After is not on the typed error; only an HttpHandler response hook sees it, and the SDK never waits for it (HttpConfig.Retries is unused in core; invoker.WithRetry takes its own backoff).")
	}
}

func (s *suite) gatewayPage(secret string) {
	_, err := s.client.ShowSecret(&model.ShowSecretRequest{SecretName: secret})
	sre := checkTypedError(fmt.Sprintf("gateway HTML page (%s): ServiceResponseError 502 with no ErrorCode, RequestId = X-Request-Id", secret), err, s.mockURL,
		wantError{status: 502, code: "", operation: "ShowSecret", secret: secret})
	if sre != nil {
		check(strings.Contains(sre.ErrorMessage, "<html>") && strings.Contains(sre.ErrorMessage, "502"),
			fmt.Sprintf("gateway HTML page (%s): ErrorMessage is the page itself (%d bytes of HTML)", secret, len(sre.ErrorMessage)),
			"ErrorMessage is not the HTML page")
	}
}

// The SDK's credentials sign every request with AK/SK; WithSecurityToken is STS's
// X-Security-Token for temporary keys and WithIdTokenFile the federated flow, neither an
// X-Auth-Token. If a token mode appears in a later version, this fails so the suite adds it.
func checkNoTokenMode() {
	var tokenMethods []string
	bt := reflect.TypeOf(basic.NewCredentialsBuilder())
	for i := 0; i < bt.NumMethod(); i++ {
		n := bt.Method(i).Name
		if strings.Contains(n, "Token") && n != "WithSecurityToken" && n != "WithIdTokenFile" {
			tokenMethods = append(tokenMethods, n)
		}
	}
	if len(tokenMethods) > 0 {
		check(false, "IAM token", fmt.Sprintf("the credentials builder now has %v: call the operations with CSMS_TOKEN too", tokenMethods))
		return
	}
	note("limit: the Go SDK has no IAM-token mode (basic.CredentialsBuilder offers AK/SK, WithSecurityToken for STS keys, WithIdpId/WithIdTokenFile for federation); CSMS_TOKEN is not used, so every write here goes out AK/SK-signed. An X-Auth-Token added with Invoker.AddHeaders still goes out signed.")
}
