// What the document's examples say, for the checks whose expected values the mock's config cannot
// give: the status and error_code of an operation's error by its name (`x-mock-error`) and whether
// the document writes it wrapped ({"error": {…}}), and the success examples that the operations
// the mock answers from examples (`x-mock-examples`) must read back as.
package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/invoker"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
)

type docError struct {
	status  int
	code    string
	wrapped bool // {"error": {"error_code", "error_msg"}}, not flat
}

// The examples of one documented answer, by name, each resolved.
func (d document) examplesOf(op docOperation, status string) map[string]map[string]any {
	out := map[string]map[string]any{}
	content, _ := d.resolve(op.responses[status])["content"].(map[string]any)
	for _, media := range content {
		m, _ := media.(map[string]any)
		examples, _ := m["examples"].(map[string]any)
		for name, ex := range examples {
			out[name] = d.resolve(ex)
		}
	}
	return out
}

// The error an operation documents under the name `x-mock-error` gives it.
func (d document) errorNamed(op docOperation, name string) (docError, bool) {
	for status := range op.responses {
		for _, ex := range d.examplesOf(op, status) {
			if ex["x-mock-error"] != name {
				continue
			}
			body, _ := ex["value"].(map[string]any)
			e := docError{}
			e.status, _ = strconv.Atoi(status)
			if inner, ok := body["error"].(map[string]any); ok {
				e.wrapped, body = true, inner
			}
			e.code, _ = body["error_code"].(string)
			return e, true
		}
	}
	return docError{}, false
}

// The operation of the document with this operationId (a failed check when there is none).
func (s *suite) op(id string) docOperation {
	for _, op := range s.ops {
		if op.id == id {
			return op
		}
	}
	check(false, "document", "has no operation "+id)
	return docOperation{id: id}
}

// Checks a call's error against the error the document names `name` for the operation: the SDK's
// *sdkerr.ServiceResponseError with its status and error_code, whichever form (flat or wrapped)
// the document gives the body, and RequestId = the answer's X-Request-Id.
func (s *suite) refusedAs(err error, opID, name, why string) *sdkerr.ServiceResponseError {
	want, ok := s.doc.errorNamed(s.op(opID), name)
	if !ok {
		check(false, fmt.Sprintf("%s %s", opID, why), "the document gives it no example with x-mock-error: "+name)
		return nil
	}
	form := "flat"
	if want.wrapped {
		form = `wrapped {"error":{…}}`
	}
	if !strings.HasPrefix(why, "(") {
		why = " " + why
	}
	label := fmt.Sprintf("%s%s: ServiceResponseError %d %s (%s, %s in the document), RequestId = X-Request-Id", opID, why, want.status, want.code, name, form)
	return checkTypedError(label, err, s.mockURL, wantError{status: want.status, code: want.code, operation: opID})
}

// The documented error of an operation that no request the document allows can meet (it takes
// no parameter, or names a resource the mock does not store): asked of the mock with `Prefer:
// code=<status>` (packages/mock/src/prefer.js, the form Prism reads), so that the SDK still sends
// the call and reads the answer as it would the service's.
func (s *suite) preferred(inv *invoker.BaseInvoker, opID string, status int, name string) {
	_, err := inv.AddHeaders(map[string]string{"Prefer": fmt.Sprintf("code=%d", status)}).Invoke()
	s.refusedAs(err, opID, name, fmt.Sprintf("asked for with Prefer: code=%d", status))
}

// A value as JSON decodes it, without the null members: the SDK's models cannot tell a null from
// an absent field, so neither side keeps them.
func asJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("(not JSON: %v)", err)
	}
	var out any
	_ = json.Unmarshal(b, &out)
	return dropNulls(out)
}

func dropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if x == nil {
				delete(t, k)
			} else {
				t[k] = dropNulls(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = dropNulls(x)
		}
	}
	return v
}

// The SDK's answer (its response model, read back as JSON) equals one of the document's examples
// of the operation's success answer, field by field: what an example-only operation is checked
// against. Returns the name of the example it matched.
func (s *suite) expectExample(label, opID string, got any) string {
	op := s.op(opID)
	examples := s.doc.examplesOf(op, op.success)
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	sort.Strings(names)
	have := asJSON(got)
	how := "answered from the document's examples"
	if !op.examplesOnly {
		how = "answered from the mock's state"
	}
	for _, name := range names {
		if reflect.DeepEqual(have, asJSON(examples[name]["value"])) {
			check(true, fmt.Sprintf("%s (%s): the document's example %q, field by field", label, how, name), "")
			return name
		}
	}
	check(false, label, fmt.Sprintf("the SDK read %s, which is none of the document's examples (%s)", show(have), strings.Join(names, ", ")))
	return ""
}

// A text field of the first (by name) success example of an operation: an input the examples
// answer, such as the user id of ShowUserDetail's.
func (s *suite) exampleString(opID, field string) string {
	op := s.op(opID)
	examples := s.doc.examplesOf(op, op.success)
	names := make([]string, 0, len(examples))
	for name := range examples {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if body, ok := examples[name]["value"].(map[string]any); ok {
			if v, ok := body[field].(string); ok {
				return v
			}
		}
	}
	check(false, "document", fmt.Sprintf("no success example of %s has a text %s", opID, field))
	return ""
}
