// The life cycle's metadata steps: a version's expiry (UpdateVersion, read back in
// ListSecretVersions and ShowSecretVersion) and the secret's description (UpdateSecret, read back
// with ShowSecret).
package main

import (
	"fmt"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) lifeExpiry(l *life) bool {
	l.expire = time.Now().Add(30 * 24 * time.Hour).UnixMilli()
	label := fmt.Sprintf("UpdateVersion(%s, v1, expire_time in 30 days): v1's metadata with that expiry, stages unchanged", l.name)
	r, err := s.client.UpdateVersion(&model.UpdateVersionRequest{SecretName: l.name, VersionId: "v1",
		Body: &model.UpdateVersionRequestBody{ExpireTime: l.expire}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.VersionMetadata != nil, "version_metadata is absent") {
		d.eq("id", r.VersionMetadata.Id, str("v1"))
		d.eq("expire_time", r.VersionMetadata.ExpireTime, &l.expire)
		d.eq("version_stages", deref(r.VersionMetadata.VersionStages), []string{"SYSCURRENT"})
	}
	check(len(d) == 0, label, d.String())

	label = fmt.Sprintf("ListSecretVersions(%s) after UpdateVersion: v1 has the expiry, v2 none", l.name)
	list := s.expectVersions("after UpdateVersion", l.name, map[string][]string{"v1": {"SYSCURRENT"}, "v2": {"SYSPREVIOUS"}})
	d = nil
	for _, v := range list {
		switch deref(v.Id) {
		case "v1":
			d.eq("v1.expire_time", v.ExpireTime, &l.expire)
		case "v2":
			d.eq("v2.expire_time", v.ExpireTime, (*int64)(nil))
		}
	}
	check(list != nil && len(d) == 0, label, d.String())

	if m := s.expectValue(l.name, "v1", "v1", l.v1, false); m != nil {
		check(deref(m.ExpireTime) == l.expire, fmt.Sprintf("ShowSecretVersion(%s, v1): version_metadata.expire_time as set, value unchanged", l.name),
			fmt.Sprintf("expire_time is %s, want %d", show(m.ExpireTime), l.expire))
	}
	return true
}

func (s *suite) lifeUpdate(l *life) bool {
	label := fmt.Sprintf("UpdateSecret(%s, description): the new description, a later update_time, the rest unchanged", l.name)
	r, err := s.client.UpdateSecret(&model.UpdateSecretRequest{SecretName: l.name, Body: &model.UpdateSecretRequestBody{Description: &l.desc2}})
	if callFailed(label, err) {
		return false
	}
	var d diffs
	d.eq("HttpStatusCode", r.HttpStatusCode, 200)
	if d.ok(r.Secret != nil, "secret is absent") {
		d.sameIdentity(r.Secret, l.created)
		d.eq("description", r.Secret.Description, str(l.desc2))
		d.eq("state", r.Secret.State, str("ENABLED"))
		d.ok(deref(r.Secret.UpdateTime) >= l.lastUpdateTime, "update_time went back")
		l.lastUpdateTime = deref(r.Secret.UpdateTime)
	}
	check(len(d) == 0, label, d.String())

	label = fmt.Sprintf("ShowSecret(%s) after UpdateSecret: the new description", l.name)
	if got := s.showSecret(label, l.name); got != nil {
		d = nil
		d.sameIdentity(got, l.created)
		d.eq("description", got.Description, str(l.desc2))
		d.eq("update_time", got.UpdateTime, &l.lastUpdateTime)
		check(len(d) == 0, label, d.String())
	}
	// Metadata only: the values stay as they were.
	s.expectValue(l.name, "v2", "v2", l.v2, false)
	return true
}
