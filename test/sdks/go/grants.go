// Grants of a secret of this run to two users: create (with and without an end), list, extend,
// delete one and then the rest; the documented 400 and 404 of the grant operations as the SDK's
// typed error. Every grant is deleted again with its secret.
package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// The UTC day a grant time (milliseconds) falls on: the document's GrantRequest.validity_time
// names the last day a grant is valid, Grant.validityTime the time it ends.
func grantDay(ms *int64) string {
	if ms == nil {
		return ""
	}
	return time.UnixMilli(*ms).UTC().Format("2006-01-02")
}

func grantBody(id, grantee, until string) *model.GrantSecretReqBody {
	b := &model.GrantSecretReqBody{ResourceId: id, Type: "SECRET", GranteeType: "0", GranteeTargetId: grantee}
	if until != "" {
		b.ValidityTime = &until
	}
	return b
}

func (s *suite) grants() {
	name := s.name("granted")
	defer s.cleanup(name)
	if !s.create(name, textValue(), "") {
		return
	}
	sec := s.showSecret("ShowSecret("+name+"): its id, which the grant operations take", name)
	if sec == nil || deref(sec.Id) == "" {
		return
	}
	id, user, other := *sec.Id, s.name("user"), s.name("other")
	defer func() { _, _ = s.client.DeleteGrant(&model.DeleteGrantRequest{ResourceId: id}) }()
	want := map[string]string{user: "2030-01-31"}
	s.expectGrant("CreateGrants", id, user, want[user], func() (*model.GrantData, error) {
		r, err := s.client.CreateGrants(&model.CreateGrantsRequest{Body: grantBody(id, user, want[user])})
		return grantData(r, err)
	})
	want[other] = ""
	s.expectGrant("CreateGrants", id, other, "", func() (*model.GrantData, error) {
		r, err := s.client.CreateGrants(&model.CreateGrantsRequest{Body: grantBody(id, other, "")})
		return grantData(r, err)
	})
	s.expectGrants(id, want)
	want[user] = "2031-06-30"
	s.expectGrant("UpdateGrant", id, user, want[user], func() (*model.GrantData, error) {
		r, err := s.client.UpdateGrant(&model.UpdateGrantRequest{ResourceId: id, Body: grantBody(id, user, want[user])})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	s.expectGrants(id, want)
	s.grantErrors(id, user)
	s.expectGrants(id, want)

	s.deleteGrants(id, &user)
	delete(want, user)
	s.expectGrants(id, want)
	s.deleteGrants(id, nil)
	_, err := s.client.ListGrants(&model.ListGrantsRequest{ResourceId: id})
	s.refusedAs(err, "ListGrants", "GrantNotFound", "after every grant is deleted")
	_, err = s.client.DeleteGrant(&model.DeleteGrantRequest{ResourceId: id, GranteeUser: &user})
	s.refusedAs(err, "DeleteGrant", "GrantNotFound", "of a grant deleted already")
	s.remove(name)
}

func grantData(r *model.CreateGrantsResponse, err error) (*model.GrantData, error) {
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// A grant as CreateGrants or UpdateGrant answers it: the resource, SECRET, the grantee, its end.
func (s *suite) expectGrant(op, id, grantee, until string, call func() (*model.GrantData, error)) {
	label := fmt.Sprintf("%s(%s to %s, until %q): the grant as sent, an end on that day", op, id, grantee, until)
	g, err := call()
	if callFailed(label, err) {
		return
	}
	var d diffs
	if d.ok(g != nil, "data is absent") {
		d.ok(g.Uuid != "", "uuid is empty")
		d.eq("resourceId", g.ResourceId, id)
		d.eq("type", g.Type, "SECRET")
		d.eq("granteeUser", g.GranteeUser, grantee)
		d.eq("validityTime (its UTC day)", grantDay(g.ValidityTime), until)
		d.ok(deref(g.CreateTime) > 0, "createTime is absent")
	}
	check(len(d) == 0, label, d.String())
}

// ListGrants(id): the secret's grantees, each with the day its grant ends ("" for none).
func (s *suite) expectGrants(id string, want map[string]string) {
	label := fmt.Sprintf("ListGrants(%s): grantees %s", id, show(want))
	r, err := s.client.ListGrants(&model.ListGrantsRequest{ResourceId: id})
	if callFailed(label, err) {
		return
	}
	var d diffs
	if d.ok(r.Data != nil, "data is absent") {
		d.eq("id", r.Data.Id, id)
		d.eq("type", r.Data.Type, str("SECRET"))
		got := map[string]string{}
		for _, u := range r.Data.GranteeUser {
			got[u.UserId] = grantDay(u.ValidityTime)
			d.ok(u.CreateTime > 0, u.UserId+": create_time is absent")
		}
		d.eq("grantee_user", got, want)
	}
	check(len(d) == 0, label, d.String())
}

// DeleteGrant(id, grantee), or every grant on the secret without one: 204.
func (s *suite) deleteGrants(id string, grantee *string) {
	who := "every grantee (no grantee_user)"
	if grantee != nil {
		who = "grantee_user " + *grantee
	}
	label := fmt.Sprintf("DeleteGrant(%s, %s): 204", id, who)
	r, err := s.client.DeleteGrant(&model.DeleteGrantRequest{ResourceId: id, GranteeUser: grantee})
	if !callFailed(label, err) {
		check(r.HttpStatusCode == 204, label, fmt.Sprintf("HttpStatusCode is %d", r.HttpStatusCode))
	}
}

// The documented 400 and 404 of the grant operations that the flow does not meet.
func (s *suite) grantErrors(id, user string) {
	long := strings.Repeat("x", 65)
	_, err := s.client.CreateGrants(&model.CreateGrantsRequest{Body: grantBody(id, user, "")})
	s.refusedAs(err, "CreateGrants", "GrantExists", fmt.Sprintf("(%s to %s) granted already", id, user))
	gone := missingID()
	_, err = s.client.CreateGrants(&model.CreateGrantsRequest{Body: grantBody(gone, user, "")})
	s.refusedAs(err, "CreateGrants", "SecretNotFound", fmt.Sprintf("(%s) of an id no secret has", gone))
	bad := grantBody(id, s.name("third"), "")
	bad.GranteeType = "1"
	_, err = s.client.CreateGrants(&model.CreateGrantsRequest{Body: bad})
	s.refusedAs(err, "CreateGrants", "MalformedBody", `with grantee_type "1"`)
	_, err = s.client.ListGrants(&model.ListGrantsRequest{ResourceId: long})
	s.refusedAs(err, "ListGrants", "InvalidParameter", "with a resource_id of 65 characters")
	_, err = s.client.UpdateGrant(&model.UpdateGrantRequest{ResourceId: id, Body: grantBody(gone, user, "2032-01-01")})
	s.refusedAs(err, "UpdateGrant", "GrantResourceMismatch", "with another resource_id in the body than in the query")
	_, err = s.client.UpdateGrant(&model.UpdateGrantRequest{ResourceId: id, Body: grantBody(id, s.name("third"), "2032-01-01")})
	s.refusedAs(err, "UpdateGrant", "GrantNotFound", "of a grantee with no grant")
	_, err = s.client.DeleteGrant(&model.DeleteGrantRequest{ResourceId: long})
	s.refusedAs(err, "DeleteGrant", "InvalidParameter", "with a resource_id of 65 characters")
}
