// The mock as the suite sees it: SDK clients pointed at it, its journal of answered requests,
// and typed errors checked against that journal.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/httphandler"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	csms "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1"
)

// ---- the mock's journal ----

type journalEntry struct {
	Operation  string `json:"operation"`
	SecretName string `json:"secretName"`
	Status     any    `json:"status"`
	RequestID  string `json:"requestId"`
}

func journal(base string) ([]journalEntry, error) {
	resp, err := http.Get(strings.TrimRight(base, "/") + "/_mock/requests")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET /_mock/requests answered %d", resp.StatusCode)
	}
	var body struct {
		Requests []journalEntry `json:"requests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return nil, err
	}
	return body.Requests, nil
}

func lastEntry(base string) (journalEntry, error) {
	entries, err := journal(base)
	if err != nil {
		return journalEntry{}, err
	}
	if len(entries) == 0 {
		return journalEntry{}, errors.New("the journal is empty")
	}
	return entries[len(entries)-1], nil
}

// ---- typed errors ----

type wantError struct {
	status    int
	code      string // "" = the SDK finds no code (a body that is not JSON)
	operation string
	secret    string
}

// Checks a call's error: a *sdkerr.ServiceResponseError with the status and error code expected,
// and a RequestId equal to the X-Request-Id of the answer the mock journaled last.
func checkTypedError(name string, err error, mockURL string, want wantError) *sdkerr.ServiceResponseError {
	var d diffs
	var sre *sdkerr.ServiceResponseError
	if err == nil {
		check(false, name, "the call succeeded")
		return nil
	}
	if !errors.As(err, &sre) {
		check(false, name, fmt.Sprintf("the error is a %T, not *sdkerr.ServiceResponseError: %v", err, err))
		return nil
	}
	d.eq("StatusCode", sre.StatusCode, want.status)
	d.eq("ErrorCode", sre.ErrorCode, want.code)
	d.ok(sre.ErrorMessage != "", "ErrorMessage is empty")
	entry, jerr := lastEntry(mockURL)
	if jerr != nil {
		d = append(d, "mock journal: "+jerr.Error())
	} else {
		d.eq("journal operation", entry.Operation, want.operation)
		d.eq("journal secretName", entry.SecretName, want.secret)
		d.eq("journal status", fmt.Sprint(entry.Status), fmt.Sprint(want.status))
		d.ok(entry.RequestID != "", "the journal has no requestId")
		d.eq("RequestId (vs the answer's X-Request-Id)", sre.RequestId, entry.RequestID)
	}
	if check(len(d) == 0, name, d.String()) {
		errorStatusesMet[fmt.Sprintf("%s %d", want.operation, want.status)] = true
	}
	return sre
}

// The operation and status ("ShowSecret 404") of every typed error that checkTypedError passed.
var errorStatusesMet = map[string]bool{}

// ---- clients ----

type clientOptions struct {
	sk      string
	handler *httphandler.HttpHandler
}

func newClient(url, projectID, ak string, o clientOptions) *csms.CsmsClient {
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(o.sk).WithProjectId(projectID).SafeBuild()
	if err != nil {
		check(false, "credentials", err.Error())
		finish()
	}
	hc := config.DefaultHttpConfig().WithTimeout(30 * time.Second)
	if o.handler != nil {
		hc = hc.WithHttpHandler(o.handler)
	}
	built, err := csms.CsmsClientBuilder().WithEndpoints([]string{url}).WithCredential(cred).WithHttpConfig(hc).SafeBuild()
	if err != nil {
		check(false, "client", err.Error())
		finish()
	}
	return csms.NewCsmsClient(built)
}

func callFailed(name string, err error) bool {
	if err != nil {
		check(false, name, "the call failed: "+err.Error())
		return true
	}
	return false
}
