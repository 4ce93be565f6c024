// The secret vault's users: ListUsers, ShowUserDetail and UpdateUserPassword, answered from the
// document's examples (x-mock-examples: the mock stores no users), read through the SDK field by
// field; their documented 400 and 404 as typed errors. The passwords sent are fresh random values
// and never printed.
package main

import (
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

func (s *suite) users() {
	l, err := s.client.ListUsers(&model.ListUsersRequest{Offset: 0, Limit: 10})
	if !knownDecodeFailure("ListUsers(offset 0, limit 10)", "ListUsers", err) && !callFailed("ListUsers(offset 0, limit 10)", err) {
		s.expectExample("ListUsers(offset 0, limit 10)", "ListUsers", l)
	}
	_, err = s.client.ListUsers(&model.ListUsersRequest{Offset: 0, Limit: 5})
	s.refusedAs(err, "ListUsers", "InvalidParameter", "with limit 5, under the minimum")

	user := s.exampleString("ShowUserDetail", "user_id")
	u, err := s.client.ShowUserDetail(&model.ShowUserDetailRequest{UserId: user})
	if !knownDecodeFailure("ShowUserDetail("+user+")", "ShowUserDetail", err) && !callFailed("ShowUserDetail("+user+")", err) {
		s.expectExample("ShowUserDetail("+user+")", "ShowUserDetail", u)
	}
	_, err = s.client.ShowUserDetail(&model.ShowUserDetailRequest{UserId: "no_such_user"})
	s.refusedAs(err, "ShowUserDetail", "InvalidParameter", "(no_such_user) of an invalid id")
	s.preferred(s.client.ShowUserDetailInvoker(&model.ShowUserDetailRequest{UserId: user}).BaseInvoker, "ShowUserDetail", 404, "UserNotFound")

	label := "UpdateUserPassword(a fresh old and new password)"
	p, err := s.client.UpdateUserPassword(&model.UpdateUserPasswordRequest{Body: &model.ChangeUsersPassword{OldPassword: textValue(), Password: textValue()}})
	if !callFailed(label, err) {
		s.expectExample(label, "UpdateUserPassword", p)
	}
	_, err = s.client.UpdateUserPassword(&model.UpdateUserPasswordRequest{Body: &model.ChangeUsersPassword{OldPassword: "", Password: textValue()}})
	s.refusedAs(err, "UpdateUserPassword", "MalformedBody", "with an empty old_password")
}
