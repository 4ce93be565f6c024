// The reads against the mock as configured (mock-config.json): each typed result checked field
// by field against the config.
package main

import (
	"fmt"
	"sort"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) reads() {
	s.showConfiguredSecret()
	s.checkListShowsConfigured("ListSecrets(): every configured secret, in config order, with name, state and description")
	s.listSecretsPaged()
	s.listSecretVersions()
	s.listSecretVersionsPaged()
	s.showSecretVersions()
	s.showSecretStages()
}

func (s *suite) showConfiguredSecret() {
	db := s.db
	name := fmt.Sprintf("ShowSecret(%s): Secret fields as configured", db.Name)
	r, err := s.client.ShowSecret(&model.ShowSecretRequest{SecretName: db.Name})
	if callFailed(name, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.Secret != nil, "secret is absent"); r.Secret != nil {
		sec := r.Secret
		d.eq("name", sec.Name, str(db.Name))
		d.eq("description", sec.Description, db.Description)
		d.eq("state", sec.State, str(db.state()))
		d.ok(deref(sec.Id) != "", "id is empty")
		d.ok(deref(sec.KmsKeyId) != "", "kms_key_id is empty")
		d.ok(deref(sec.CreateTime) > 0 && deref(sec.UpdateTime) >= deref(sec.CreateTime), "create_time/update_time are not epoch milliseconds in order")
		d.ok(sec.ScheduledDeleteTime == nil, "scheduled_delete_time is set on an ENABLED secret")
	}
	check(len(d) == 0, name, d.String())
}

// ListSecrets with no arguments shows exactly the configured secrets, in config order. Run first
// by the reads and again at the end, after the writes have deleted what they created.
func (s *suite) checkListShowsConfigured(name string) {
	r, err := s.client.ListSecrets(&model.ListSecretsRequest{})
	if callFailed(name, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	got := deref(r.Secrets)
	var names []string
	for _, sec := range got {
		names = append(names, deref(sec.Name))
	}
	d.eq("names", names, s.configuredNames)
	for i, sec := range got {
		if i < len(s.cfg.Secrets) && deref(sec.Name) == s.cfg.Secrets[i].Name {
			c := s.cfg.Secrets[i]
			d.eq(c.Name+".state", sec.State, str(c.state()))
			d.eq(c.Name+".description", sec.Description, c.Description)
		}
	}
	if r.PageInfo != nil {
		d.eq("page_info.next_marker", r.PageInfo.NextMarker, (*string)(nil))
		d.eq("page_info.current_count", deref(r.PageInfo.CurrentCount), int32(len(s.configuredNames)))
	}
	check(len(d) == 0, name, d.String())
}

// Two pages of two: the SDK types limit as a string ("2"), the document as an integer.
func (s *suite) listSecretsPaged() {
	cfg := s.cfg
	if len(cfg.Secrets) < 3 {
		check(false, "ListSecrets paging", "the config needs 3 secrets or more")
		return
	}
	name := `ListSecrets(limit "2"): the first two names, next_marker = the second`
	r1, err := s.client.ListSecrets(&model.ListSecretsRequest{Limit: str("2")})
	if callFailed(name, err) {
		return
	}
	var d diffs
	d.eq("names", secretNames(r1.Secrets), []string{cfg.Secrets[0].Name, cfg.Secrets[1].Name})
	if d.ok(r1.PageInfo != nil, "page_info is absent"); r1.PageInfo != nil {
		d.eq("page_info.next_marker", r1.PageInfo.NextMarker, str(cfg.Secrets[1].Name))
		d.eq("page_info.current_count", r1.PageInfo.CurrentCount, ptr(int32(2)))
	}
	check(len(d) == 0, name, d.String())

	marker := cfg.Secrets[1].Name
	name = fmt.Sprintf(`ListSecrets(limit "2", marker %q): the next names, and no next_marker on the last page`, marker)
	r2, err := s.client.ListSecrets(&model.ListSecretsRequest{Limit: str("2"), Marker: &marker})
	if callFailed(name, err) {
		return
	}
	d = nil
	var want []string
	for _, sec := range cfg.Secrets[2:min(4, len(cfg.Secrets))] {
		want = append(want, sec.Name)
	}
	d.eq("names", secretNames(r2.Secrets), want)
	if r2.PageInfo != nil && len(cfg.Secrets) <= 4 {
		d.eq("page_info.next_marker", r2.PageInfo.NextMarker, (*string)(nil))
	}
	check(len(d) == 0, name, d.String())
}

func secretNames(list *[]model.Secret) []string {
	var names []string
	for _, sec := range deref(list) {
		names = append(names, deref(sec.Name))
	}
	return names
}

func (s *suite) listSecretVersions() {
	db := s.db
	name := fmt.Sprintf("ListSecretVersions(%s): ids and stages as configured", db.Name)
	r, err := s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: db.Name})
	if callFailed(name, err) {
		return
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	stages := db.stages()
	var ids, want []string
	for _, v := range db.Versions {
		want = append(want, v.ID)
	}
	for _, v := range deref(r.VersionMetadatas) {
		id := deref(v.Id)
		ids = append(ids, id)
		d.eq(id+".version_stages", sorted(deref(v.VersionStages)), sorted(stages[id]))
		d.eq(id+".secret_name", v.SecretName, str(db.Name))
		d.ok(deref(v.CreateTime) > 0, id+".create_time is not set")
	}
	d.eq("ids", ids, want)
	check(len(d) == 0, name, d.String())
}

// Paging with the SDK's *int32 limit: one version per page, marker = the version id.
func (s *suite) listSecretVersionsPaged() {
	db := s.db
	name := fmt.Sprintf("ListSecretVersions(%s, limit 1) then (marker = next_marker): one version per page", db.Name)
	p1, err := s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: db.Name, Limit: ptr(int32(1))})
	if callFailed(name, err) {
		return
	}
	var d diffs
	first := deref(p1.VersionMetadatas)
	d.eq("page 1 length", len(first), 1)
	if len(first) == 1 && p1.PageInfo != nil && p1.PageInfo.NextMarker != nil {
		d.eq("page 1 id", first[0].Id, str(db.Versions[0].ID))
		p2, err := s.client.ListSecretVersions(&model.ListSecretVersionsRequest{SecretName: db.Name, Limit: ptr(int32(1)), Marker: p1.PageInfo.NextMarker})
		if err != nil {
			d = append(d, "page 2 failed: "+err.Error())
		} else if second := deref(p2.VersionMetadatas); len(second) != 1 {
			d = append(d, fmt.Sprintf("page 2 holds %d versions, want 1", len(second)))
		} else {
			d.eq("page 2 id", second[0].Id, str(db.Versions[1].ID))
		}
	} else {
		d = append(d, "page 1 has no page_info.next_marker")
	}
	check(len(d) == 0, name, d.String())
}

func (s *suite) showSecretVersions() {
	db, tls := s.db, s.tls
	cases := []struct {
		secret configSecret
		asked  string
		want   configVersion
	}{
		{db, "latest", db.Versions[len(db.Versions)-1]},
		{db, db.Versions[0].ID, db.Versions[0]},
		{tls, "v7", tls.version("v7")},
	}
	for _, c := range cases {
		kind := "SecretString"
		if c.want.Binary != nil {
			kind = "SecretBinary"
		}
		name := fmt.Sprintf("ShowSecretVersion(%s, %s): %s and version_metadata of %s", c.secret.Name, c.asked, kind, c.want.ID)
		r, err := s.client.ShowSecretVersion(&model.ShowSecretVersionRequest{SecretName: c.secret.Name, VersionId: c.asked})
		if callFailed(name, err) {
			continue
		}
		var d diffs
		d.eq("HttpStatusCode", r.HttpStatusCode, 200)
		if c.want.Binary != nil {
			d.value(r.Version, nil, c.want.Binary)
		} else {
			d.value(r.Version, c.want.Value, nil)
		}
		if r.Version != nil && d.ok(r.Version.VersionMetadata != nil, "version_metadata is absent") {
			m := r.Version.VersionMetadata
			d.eq("version_metadata.id", m.Id, str(c.want.ID))
			d.eq("version_metadata.secret_name", m.SecretName, str(c.secret.Name))
			d.eq("version_metadata.version_stages", sorted(deref(m.VersionStages)), sorted(c.secret.stages()[c.want.ID]))
		}
		check(len(d) == 0, name, d.String())
	}
}

func (s *suite) showSecretStages() {
	db, tls := s.db, s.tls
	for _, c := range []struct {
		secret  configSecret
		stage   string
		version string
	}{{tls, "blue", "v7"}, {db, "SYSCURRENT", db.Versions[len(db.Versions)-1].ID}} {
		if !contains(c.secret.stages()[c.version], c.stage) {
			check(false, "mock config", fmt.Sprintf("%s's version %s does not carry %s", c.secret.Name, c.version, c.stage))
			continue
		}
		name := fmt.Sprintf("ShowSecretStage(%s, %s): Stage points at %s", c.secret.Name, c.stage, c.version)
		r, err := s.client.ShowSecretStage(&model.ShowSecretStageRequest{SecretName: c.secret.Name, StageName: c.stage})
		if callFailed(name, err) {
			continue
		}
		var d diffs
		d.eq("HttpStatusCode", r.HttpStatusCode, 200)
		if d.ok(r.Stage != nil, "stage is absent"); r.Stage != nil {
			d.eq("version_id", r.Stage.VersionId, str(c.version))
			d.eq("name", r.Stage.Name, str(c.stage))
			d.eq("secret_name", r.Stage.SecretName, str(c.secret.Name))
			d.ok(deref(r.Stage.UpdateTime) > 0, "update_time is not set")
		}
		check(len(d) == 0, name, d.String())
	}
}

// A copy of the list, sorted (stages are a set; the SDK keeps the order they came in).
func sorted(list []string) []string {
	out := append([]string{}, list...)
	sort.Strings(out)
	return out
}

// The value of a version, compared without printing either side: exactly one of text (want
// secret_string) and bytes (want secret_binary, Base64).
func (d *diffs) value(v *model.Version, text, binary *string) {
	if !d.ok(v != nil, "version is absent") {
		return
	}
	if binary != nil {
		d.eqHidden("secret_binary", v.SecretBinary, *binary)
		d.ok(v.SecretString == nil, "secret_string is set on a binary version")
	} else {
		d.eqHidden("secret_string", v.SecretString, deref(text))
		d.ok(v.SecretBinary == nil, "secret_binary is set on a text version")
	}
}
