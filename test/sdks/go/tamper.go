// The body is part of the signature: a proxy on 127.0.0.1 (port 0) in front of the first mock
// passes the SDK's requests on; passed as they are, they verify; with one byte of the body changed
// after signing, the mock refuses them (401 APIGW.0301) and nothing changes. The SDK signs a JSON
// body's SHA-256 (v0.1.211 core/auth/signer/signer.go getContentHash; processContentHeader sends
// only a non-JSON body UNSIGNED-PAYLOAD), so the mock must check it.
package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// A proxy to target that, while tamper is set, replaces the first `from` byte of a request body
// with `to` (same length, so Content-Length still holds).
type tamperProxy struct {
	url    string
	tamper atomic.Bool
	server *http.Server
}

func startTamperProxy(target string, from, to byte) (*tamperProxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &tamperProxy{url: "http://" + ln.Addr().String()}
	// Keeps the Host header as sent: the Go SDK does not sign Host, but the check should not rely on that.
	rp := httputil.NewSingleHostReverseProxy(u)
	direct := rp.Director
	rp.Director = func(r *http.Request) {
		direct(r)
		if r.Body == nil || !p.tamper.Load() {
			return
		}
		body, _ := io.ReadAll(r.Body)
		if i := bytes.IndexByte(body, from); i >= 0 {
			body[i] = to
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	p.server = &http.Server{Handler: rp}
	go func() { _ = p.server.Serve(ln) }()
	return p, nil
}

func (s *suite) tamperedBody() {
	proxy, err := startTamperProxy(s.mockURL, 'A', 'B')
	if err != nil {
		check(false, "signing proxy", err.Error())
		return
	}
	defer proxy.server.Close()
	viaProxy := newClient(proxy.url, s.projectID, s.ak, clientOptions{sk: s.sk})
	target := s.name("signed")
	defer s.cleanup(target)
	if !s.create(target, textValue(), "") {
		return
	}

	label := fmt.Sprintf("UpdateSecret(%s) through a proxy that changes nothing: the signature verifies", target)
	_, err = viaProxy.UpdateSecret(&model.UpdateSecretRequest{SecretName: target, Body: &model.UpdateSecretRequestBody{Description: str("A as sent")}})
	if !callFailed(label, err) {
		check(true, label, "")
	}
	proxy.tamper.Store(true)
	_, err = viaProxy.UpdateSecret(&model.UpdateSecretRequest{SecretName: target, Body: &model.UpdateSecretRequestBody{Description: str("A changed")}})
	s.refused(err, "UpdateSecret", target, 401, "APIGW.0301", "with a body changed after signing")
	label = fmt.Sprintf("ShowSecret(%s) after the refused changed body: the description sent before", target)
	if got := s.showSecret(label, target); got != nil {
		check(deref(got.Description) == "A as sent", label, "description is "+show(got.Description))
	}
	s.remove(target)
}
