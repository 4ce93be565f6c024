// The SDK's side of the document: for each operation, the SDK's method, request fields, method,
// path and response fields, read through reflection so that a new operation is found here.
package main

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/invoker"
	csms "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1"
)

func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("json"), ",")[0]
		if tag != "" && tag != "-" {
			out[tag] = f.Type
		}
	}
	return out
}

func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

// The document's properties (recursively) that the SDK's type has no field for: in an answer the
// SDK would drop them silently; in a request body it cannot send them.
func (d document) unknownToSDK(schema map[string]any, t reflect.Type, at string, depth int) []string {
	var missing []string
	if depth > 8 {
		return missing
	}
	fields := jsonFields(t)
	props := d.properties(schema)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		ft, ok := fields[name]
		if !ok {
			missing = append(missing, at+name)
			continue
		}
		sub := props[name]
		if it := d.items(sub); it != nil {
			sub = it
		}
		if elem(ft).Kind() == reflect.Struct && len(d.properties(sub)) > 0 {
			missing = append(missing, d.unknownToSDK(sub, elem(ft), at+name+".", depth+1)...)
		}
	}
	return missing
}

// For each operation of the document: the SDK's method of that name, its request's fields for the
// document's parameters and body, the method and path the SDK's metadata sends it to, and the
// response fields. Read through reflection, so a new operation in the document is found here.
func checkSDKCoverage(client *csms.CsmsClient, doc document, ops []docOperation) map[string]bool {
	present := map[string]bool{}
	cv := reflect.ValueOf(client)
	for _, op := range ops {
		name := fmt.Sprintf("SDK method for %s (%s %s)", op.id, op.method, op.path)
		m := cv.MethodByName(op.id)
		if !m.IsValid() {
			check(false, name, fmt.Sprintf("CsmsClient has no method %s", op.id))
			continue
		}
		var d diffs
		mt := m.Type()
		if mt.NumIn() != 1 || mt.NumOut() != 2 || mt.In(0).Kind() != reflect.Pointer {
			check(false, name, fmt.Sprintf("%s has the signature %s, not func(*Request) (*Response, error)", op.id, mt))
			continue
		}
		present[op.id] = true
		reqType := mt.In(0).Elem()
		fields := jsonFields(reqType)
		for _, p := range op.params {
			if p == "project_id" { // filled in from the credentials
				continue
			}
			_, ok := fields[p]
			d.ok(ok, fmt.Sprintf("%s has no field for the parameter %s", reqType.Name(), p))
		}
		if op.body != nil {
			bt, ok := fields["body"]
			d.ok(ok, fmt.Sprintf("%s has no body field", reqType.Name()))
			if ok {
				bodyFields := jsonFields(bt)
				req, _ := op.body["required"].([]any)
				for _, r := range req {
					_, has := bodyFields[fmt.Sprint(r)]
					d.ok(has, fmt.Sprintf("%s has no field for the required body property %v", elem(bt).Name(), r))
				}
			}
		}
		checkSDKRoute(cv, op, reqType, fields, &d)
		if len(d) == 0 {
			name += ": request fields, method and path match"
		}
		check(len(d) == 0, name, d.String())
		if bt, ok := fields["body"]; ok && op.body != nil {
			missing := doc.unknownToSDK(op.body, bt, "", 0)
			missing = unexpectedMissing(op.id, missing)
			check(len(missing) == 0, fmt.Sprintf("%s: the SDK's %s has a field for every property of the document's request body", op.id, elem(bt).Name()),
				"no field for "+strings.Join(missing, ", ")+" (the SDK cannot send it)")
		}
		if op.response != nil {
			missing := unexpectedMissing(op.id, doc.unknownToSDK(op.response, mt.Out(0), "", 0))
			check(len(missing) == 0, fmt.Sprintf("%s: the SDK's %s has a field for every property of the document's %s answer", op.id, mt.Out(0).Elem().Name(), op.success),
				"no field for "+strings.Join(missing, ", "))
		}
	}
	return present
}

// The method and path the SDK's metadata (csms_meta.go) sends the operation to, against the
// document's. A path segment the SDK writes as a parameter where the document has a fixed word of
// the same name ({resource_instances} for resource_instances) matches when the SDK's request has a
// field for it, which the caller must fill with that word; it is noted.
func checkSDKRoute(cv reflect.Value, op docOperation, reqType reflect.Type, fields map[string]reflect.Type, d *diffs) {
	inv := cv.MethodByName(op.id + "Invoker")
	if !inv.IsValid() {
		*d = append(*d, "CsmsClient has no method "+op.id+"Invoker")
		return
	}
	out := inv.Call([]reflect.Value{reflect.New(reqType)})[0]
	base, ok := out.Elem().FieldByName("BaseInvoker").Interface().(*invoker.BaseInvoker)
	if !ok || base.Exchange == nil {
		*d = append(*d, op.id+"Invoker has no BaseInvoker to read the method and path from")
		return
	}
	d.eq("SDK method", base.Exchange.ApiReference.Method, op.method)
	sdk, doc := strings.Split(base.Exchange.ApiReference.Path, "/"), strings.Split(op.path, "/")
	if len(sdk) != len(doc) {
		d.eq("SDK path", base.Exchange.ApiReference.Path, op.path)
		return
	}
	for i := range sdk {
		if word := strings.Trim(sdk[i], "{}"); sdk[i] == "{"+word+"}" && doc[i] == word {
			if _, has := fields[word]; has {
				note("%s: the SDK writes the fixed path segment %s as the parameter {%s} (%s); the suite fills it with %q.", op.id, word, word, base.Exchange.ApiReference.Path, word)
				continue
			}
		}
		if sdk[i] != doc[i] {
			d.eq("SDK path", base.Exchange.ApiReference.Path, op.path)
			return
		}
	}
}

// The groups call every operation of the document, and no operation the document lacks.
func checkGroupsCoverDocument(ops []docOperation, groups []group) {
	docIDs, called := map[string]bool{}, map[string]bool{}
	for _, op := range ops {
		docIDs[op.id] = true
	}
	var uncalled, stale []string
	for _, g := range groups {
		for _, op := range g.ops {
			called[op] = true
			if !docIDs[op] {
				stale = append(stale, op)
			}
		}
	}
	for _, op := range ops {
		if !called[op.id] {
			uncalled = append(uncalled, op.id)
		}
	}
	check(len(uncalled) == 0 && len(stale) == 0, fmt.Sprintf("this program calls every operation of the document (%d)", len(ops)),
		fmt.Sprintf("not called: %v; called but not in the document: %v", uncalled, stale))
}

// What the mocks saw, as their journals record it: the operations the SDK called are exactly the
// document's (none missing, none it lacks, no request that matched no operation), and each was
// answered 2xx at least once.
func checkAnswered(ops []docOperation, mockURLs []string) {
	called, answered, unrouted := map[string]bool{}, map[string]bool{}, 0
	for _, url := range mockURLs {
		entries, err := journal(url)
		if err != nil {
			check(false, "mock journal "+url, err.Error())
			continue
		}
		for _, e := range entries {
			if e.Operation == "" {
				unrouted++
				continue
			}
			called[e.Operation] = true
			if s, ok := e.Status.(float64); ok && s >= 200 && s < 300 {
				answered[e.Operation] = true
			}
		}
	}
	docIDs := map[string]bool{}
	var uncalled, unanswered, extra []string
	for _, op := range ops {
		docIDs[op.id] = true
		if !called[op.id] {
			uncalled = append(uncalled, op.id)
		}
		if !answered[op.id] {
			unanswered = append(unanswered, op.id)
		}
	}
	for id := range called {
		if !docIDs[id] {
			extra = append(extra, id)
		}
	}
	check(len(uncalled) == 0 && len(extra) == 0 && unrouted == 0,
		fmt.Sprintf("mock journals: the operations the SDK called are the document's %d, no more and no fewer", len(ops)),
		fmt.Sprintf("not called: %v; not in the document: %v; requests that matched no operation: %d", uncalled, sorted(extra), unrouted))
	check(len(unanswered) == 0, "mock journals: every operation of the document was answered 2xx to the SDK", fmt.Sprintf("never answered 2xx: %v", unanswered))
}

// Every 400 and 404 the document gives an operation was met as a typed error with the status,
// code and request id expected (checkTypedError records those that passed).
func checkErrorStatusesMet(ops []docOperation) {
	var unmet []string
	total := 0
	for _, op := range ops {
		for _, status := range op.errorStatuses {
			total++
			if !errorStatusesMet[op.id+" "+status] {
				unmet = append(unmet, op.id+" "+status)
			}
		}
	}
	check(len(unmet) == 0, fmt.Sprintf("every documented 400 and 404 (%d, over %d operations) was met as the SDK's typed error", total, len(ops)),
		fmt.Sprintf("not met: %v", unmet))
}

// The write groups deleted what they created: ListSecrets shows the configured secrets again,
// ListSecretEvents the configured events, ListProjectSecretsTags the configured tags.
func (s *suite) checkCleanedUp() {
	s.checkListShowsConfigured("ListSecrets() after the writes: the configured secrets only, as before (every secret this run created is deleted)")
	s.expectEventsListed("after the writes (every event this run created is deleted)", nil)
	s.expectProjectTags("after the writes (every tag this run set is gone)", map[string]string{})
}
