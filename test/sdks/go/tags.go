// Tags, by the secret's id: tag a secret, find it with ListResourceInstances by tag and by name,
// list its tags and the project's, untag it (DeleteSecretTag, BatchCreateOrDeleteTags delete);
// the per-secret limit, and the documented 400 and 404 of the tag operations as the SDK's typed
// error (the document writes them wrapped, {"error": {…}}).
package main

import (
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// The Go SDK writes the fixed path segment of ListResourceInstances as a path parameter
// (csms_meta.go: /v1/{project_id}/csms/{resource_instances}/action; the model says "定值为
// resource_instances", a fixed value), so every call fills it with that word.
const resourceInstances = "resource_instances"

// The tag that finds this run's secret.
func (s *suite) runTag() (string, string) { return "go-suite-run", s.runID }

// Tag, find, list, untag: the tag half of the tags-and-events flow.
func (s *suite) tagFlow(name, id string) {
	key, value := s.runTag()
	r, err := s.client.CreateSecretTag(&model.CreateSecretTagRequest{SecretId: id, Body: &model.CreateSecretTagRequestBody{Tag: &model.TagItem{Key: key, Value: &value}}})
	label := fmt.Sprintf("CreateSecretTag(%s, %s=run id): 204", name, key)
	if !callFailed(label, err) {
		check(r.HttpStatusCode == 204, label, fmt.Sprintf("HttpStatusCode is %d", r.HttpStatusCode))
	}
	byTag := []model.Tag{{Key: &key, Values: &[]string{value}}}
	s.expectFound("by the run's tag", &model.ListResourceInstancesRequestBody{Action: "filter", Tags: &byTag}, name, id, map[string]string{key: value})
	s.expectCount("by the run's tag", &model.ListResourceInstancesRequestBody{Action: "count", Tags: &byTag}, 1)
	byName := []model.TagMatches{{Key: str("resource_name"), Value: &name}}
	s.expectFound("by tag and name", &model.ListResourceInstancesRequestBody{Action: "filter", Tags: &byTag, Matches: &byName}, name, id, map[string]string{key: value})
	other := []model.Tag{{Key: &key, Values: &[]string{value + "-other"}}}
	s.expectCount("by another value of the tag", &model.ListResourceInstancesRequestBody{Action: "count", Tags: &other}, 0)

	more := map[string]string{"owner": "team-go", "env": "test"}
	s.batchTags(name, id, "create", more)
	want := map[string]string{key: value, "owner": "team-go", "env": "test"}
	s.expectTags("after BatchCreateOrDeleteTags create", name, id, want)
	s.expectProjectTags("with the secret tagged", want)

	d, err := s.client.DeleteSecretTag(&model.DeleteSecretTagRequest{SecretId: id, Key: "owner"})
	label = fmt.Sprintf("DeleteSecretTag(%s, owner): 204", name)
	if !callFailed(label, err) {
		check(d.HttpStatusCode == 204, label, fmt.Sprintf("HttpStatusCode is %d", d.HttpStatusCode))
	}
	delete(want, "owner")
	s.expectTags("after DeleteSecretTag", name, id, want)
	s.batchTags(name, id, "delete", want)
	s.expectTags("after BatchCreateOrDeleteTags delete", name, id, map[string]string{})
	s.expectCount("by the run's tag, after the untagging", &model.ListResourceInstancesRequestBody{Action: "count", Tags: &byTag}, 0)
	s.expectProjectTags("with the secret untagged", map[string]string{})
}

func tagItems(tags map[string]string) []model.TagItem {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	items := make([]model.TagItem, 0, len(keys))
	for _, k := range keys {
		items = append(items, model.TagItem{Key: k, Value: str(tags[k])})
	}
	return items
}

func (s *suite) batchTags(name, id, action string, tags map[string]string) {
	label := fmt.Sprintf("BatchCreateOrDeleteTags(%s, %s, %d tags): 204", name, action, len(tags))
	r, err := s.client.BatchCreateOrDeleteTags(&model.BatchCreateOrDeleteTagsRequest{SecretId: id,
		Body: &model.BatchCreateOrDeleteTagsRequestBody{Action: action, Tags: tagItems(tags)}})
	if !callFailed(label, err) {
		check(r.HttpStatusCode == 204, label, fmt.Sprintf("HttpStatusCode is %d", r.HttpStatusCode))
	}
}

func tagMap(items []model.TagItem) map[string]string {
	out := map[string]string{}
	for _, t := range items {
		out[t.Key] = deref(t.Value)
	}
	return out
}

// ListSecretTags(id) holds exactly these tags, and no system tags.
func (s *suite) expectTags(when, name, id string, want map[string]string) {
	label := fmt.Sprintf("ListSecretTags(%s) %s: tags %s", name, when, show(want))
	r, err := s.client.ListSecretTags(&model.ListSecretTagsRequest{SecretId: id})
	if callFailed(label, err) {
		return
	}
	var d diffs
	d.eq("tags", tagMap(deref(r.Tags)), want)
	d.eq("sys_tags", len(deref(r.SysTags)), 0)
	check(len(d) == 0, label, d.String())
}

// ListProjectSecretsTags: the configured secrets' tags and this run's, each key with its values.
func (s *suite) expectProjectTags(when string, ours map[string]string) {
	want := map[string][]string{}
	add := func(k, v string) {
		if !contains(want[k], v) {
			want[k] = append(want[k], v)
		}
	}
	for _, c := range s.cfg.Secrets {
		for _, t := range c.Tags {
			add(t.Key, deref(t.Value))
		}
	}
	for k, v := range ours {
		add(k, v)
	}
	label := fmt.Sprintf("ListProjectSecretsTags() %s: the configured tags and this run's %s", when, show(ours))
	r, err := s.client.ListProjectSecretsTags(&model.ListProjectSecretsTagsRequest{})
	if callFailed(label, err) {
		return
	}
	got := map[string][]string{}
	for _, t := range deref(r.Tags) {
		got[deref(t.Key)] = sorted(deref(t.Values))
	}
	for k := range want {
		want[k] = sorted(want[k])
	}
	var d diffs
	d.eq("tags", got, want)
	check(len(d) == 0, label, d.String())
}

// ListResourceInstances(filter) finds exactly this secret, with its id, name, details and tags.
func (s *suite) expectFound(how string, body *model.ListResourceInstancesRequestBody, name, id string, tags map[string]string) {
	label := fmt.Sprintf("ListResourceInstances(filter %s): %s only, with its id, detail and tags", how, name)
	r, err := s.client.ListResourceInstances(&model.ListResourceInstancesRequest{ResourceInstances: resourceInstances, Body: body})
	if callFailed(label, err) {
		return
	}
	var d diffs
	d.eq("total_count", r.TotalCount, ptr(int32(1)))
	if got := deref(r.Resources); d.ok(len(got) == 1, fmt.Sprintf("%d resources, want 1", len(got))) {
		d.eq("resource_id", got[0].ResourceId, &id)
		d.eq("resource_name", got[0].ResourceName, &name)
		d.eq("tags", tagMap(deref(got[0].Tags)), tags)
		if d.ok(got[0].ResourceDetail != nil, "resource_detail is absent") {
			d.eq("resource_detail.name", got[0].ResourceDetail.Name, &name)
			d.eq("resource_detail.id", got[0].ResourceDetail.Id, &id)
		}
	}
	check(len(d) == 0, label, d.String())
}

func (s *suite) expectCount(how string, body *model.ListResourceInstancesRequestBody, want int32) {
	label := fmt.Sprintf("ListResourceInstances(count %s): total_count %d", how, want)
	r, err := s.client.ListResourceInstances(&model.ListResourceInstancesRequest{ResourceInstances: resourceInstances, Body: body})
	if callFailed(label, err) {
		return
	}
	var d diffs
	d.eq("total_count", r.TotalCount, &want)
	d.eq("resources", len(deref(r.Resources)), 0)
	check(len(d) == 0, label, d.String())
}

// The per-secret tag limit, read from the document (ListSecretTagsResponse.tags.maxItems; 20 in
// the SDK models' comments): the limit reached in one batch, one more refused by both writes, a
// new value for a key it has still taken.
func (s *suite) tagLimit(name, id string) {
	limit := s.doc.maxItems(s.op("ListSecretTags"), "tags")
	if !check(limit > 0, "the document's ListSecretTagsResponse.tags has a maxItems (the tag limit)", "") {
		return
	}
	full := map[string]string{}
	for i := 1; i <= limit; i++ {
		full[fmt.Sprintf("k%02d", i)] = "v"
	}
	s.batchTags(name, id, "create", full)
	extra := fmt.Sprintf("k%02d", limit+1)
	_, err := s.client.CreateSecretTag(&model.CreateSecretTagRequest{SecretId: id, Body: &model.CreateSecretTagRequestBody{Tag: &model.TagItem{Key: extra, Value: str("v")}}})
	s.refusedAs(err, "CreateSecretTag", "TagLimitExceeded", fmt.Sprintf("(%s) of a tag past %d", name, limit))
	_, err = s.client.BatchCreateOrDeleteTags(&model.BatchCreateOrDeleteTagsRequest{SecretId: id,
		Body: &model.BatchCreateOrDeleteTagsRequestBody{Action: "create", Tags: []model.TagItem{{Key: extra, Value: str("v")}}}})
	s.refusedAs(err, "BatchCreateOrDeleteTags", "TagLimitExceeded", fmt.Sprintf("(%s) of a tag past %d", name, limit))
	s.expectTags(fmt.Sprintf("after the refused tag past %d", limit), name, id, full)
	_, err = s.client.CreateSecretTag(&model.CreateSecretTagRequest{SecretId: id, Body: &model.CreateSecretTagRequestBody{Tag: &model.TagItem{Key: "k01", Value: str("changed")}}})
	callFailed(fmt.Sprintf("CreateSecretTag(%s, k01=changed) at the limit: a key it has takes the new value", name), err)
	full["k01"] = "changed"
	s.expectTags("after a new value for k01", name, id, full)
	s.batchTags(name, id, "delete", full)
	s.expectTags("after deleting them all", name, id, map[string]string{})
}

// A secret id no secret has: a UUID of random hex digits.
func missingID() string {
	h := hex.EncodeToString(randomBytes(16))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// The documented 400 and 404 of the tag operations, each refusal shown to change nothing.
func (s *suite) tagErrors(name, id string) {
	gone, bad := missingID(), "not-a-secret-id"
	tag := &model.CreateSecretTagRequestBody{Tag: &model.TagItem{Key: "owner", Value: str("x")}}
	_, err := s.client.ListSecretTags(&model.ListSecretTagsRequest{SecretId: gone})
	s.refusedAs(err, "ListSecretTags", "SecretNotFound", "of an id no secret has")
	_, err = s.client.ListSecretTags(&model.ListSecretTagsRequest{SecretId: bad})
	s.refusedAs(err, "ListSecretTags", "InvalidParameter", "of an id that is no UUID")
	_, err = s.client.CreateSecretTag(&model.CreateSecretTagRequest{SecretId: gone, Body: tag})
	s.refusedAs(err, "CreateSecretTag", "SecretNotFound", "on an id no secret has")
	_, err = s.client.CreateSecretTag(&model.CreateSecretTagRequest{SecretId: bad, Body: tag})
	s.refusedAs(err, "CreateSecretTag", "InvalidParameter", "on an id that is no UUID")
	_, err = s.client.CreateSecretTag(&model.CreateSecretTagRequest{SecretId: id, Body: &model.CreateSecretTagRequestBody{Tag: &model.TagItem{Key: ""}}})
	s.refusedAs(err, "CreateSecretTag", "MalformedBody", fmt.Sprintf("(%s) with an empty key", name))
	_, err = s.client.DeleteSecretTag(&model.DeleteSecretTagRequest{SecretId: id, Key: "no-such-key"})
	s.refusedAs(err, "DeleteSecretTag", "TagNotFound", fmt.Sprintf("(%s) of a key it does not have", name))
	_, err = s.client.DeleteSecretTag(&model.DeleteSecretTagRequest{SecretId: gone, Key: "owner"})
	s.refusedAs(err, "DeleteSecretTag", "SecretNotFound", "on an id no secret has")
	_, err = s.client.DeleteSecretTag(&model.DeleteSecretTagRequest{SecretId: bad, Key: "owner"})
	s.refusedAs(err, "DeleteSecretTag", "InvalidParameter", "on an id that is no UUID")
	batch := func(secretID, action string) error {
		_, err := s.client.BatchCreateOrDeleteTags(&model.BatchCreateOrDeleteTagsRequest{SecretId: secretID,
			Body: &model.BatchCreateOrDeleteTagsRequestBody{Action: action, Tags: []model.TagItem{{Key: "owner", Value: str("x")}}}})
		return err
	}
	s.refusedAs(batch(gone, "create"), "BatchCreateOrDeleteTags", "SecretNotFound", "on an id no secret has")
	s.refusedAs(batch(bad, "create"), "BatchCreateOrDeleteTags", "InvalidParameter", "on an id that is no UUID")
	s.refusedAs(batch(id, "upsert"), "BatchCreateOrDeleteTags", "MalformedBody", fmt.Sprintf("(%s) with the action upsert", name))
	s.expectTags("after the refused tag writes", name, id, map[string]string{})

	_, err = s.client.ListResourceInstances(&model.ListResourceInstancesRequest{ResourceInstances: resourceInstances,
		Body: &model.ListResourceInstancesRequestBody{Action: "list"}})
	s.refusedAs(err, "ListResourceInstances", "MalformedBody", "with the action list")
	_, err = s.client.ListResourceInstances(&model.ListResourceInstancesRequest{ResourceInstances: resourceInstances,
		Body: &model.ListResourceInstancesRequestBody{Action: "filter", Limit: str("0")}})
	s.refusedAs(err, "ListResourceInstances", "MalformedBody", `with limit "0"`)
	s.preferred(s.client.ListProjectSecretsTagsInvoker(&model.ListProjectSecretsTagsRequest{}).BaseInvoker, "ListProjectSecretsTags", 400, "InvalidParameter")
}
