// The password and checker tools: GenerateRandomPassword (length and character rules honoured,
// a fresh password each call), CheckSecrets, ShowSecretsConfig and UpdateSecretsConfig (answered
// from the document's examples: the mock stores no checker setting); their documented 400s. No
// password is printed, only its length and which kinds of character it holds.
package main

import (
	"fmt"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// The length of a password asked for without one: the SDK model's CreatePasswordRequestBody.length
// ("长度，默认32", length, 32 by default), as the vendor's reference page gives it.
const defaultPasswordLength = 32

// The kinds of character a password holds: lower, upper, digit, punct, space, other.
func charKinds(p string) map[string]int {
	kinds := map[string]int{}
	for _, c := range p {
		switch {
		case c >= 'a' && c <= 'z':
			kinds["lower"]++
		case c >= 'A' && c <= 'Z':
			kinds["upper"]++
		case c >= '0' && c <= '9':
			kinds["digit"]++
		case c == ' ':
			kinds["space"]++
		case c > ' ' && c <= '~':
			kinds["punct"]++
		default:
			kinds["other"]++
		}
	}
	return kinds
}

func (s *suite) tools() {
	s.passwords()
	s.checker()
}

func (s *suite) password(label string, body *model.CreatePasswordRequestBody) (string, bool) {
	r, err := s.client.GenerateRandomPassword(&model.GenerateRandomPasswordRequest{Body: body})
	if callFailed(label, err) {
		return "", false
	}
	if r.Password == nil {
		check(false, label, "password is absent")
		return "", false
	}
	return *r.Password, true
}

func (s *suite) passwords() {
	maxLength := 0
	if m, ok := s.doc.properties(s.op("GenerateRandomPassword").body)["length"]["maximum"].(float64); ok {
		maxLength = int(m)
	}
	cases := []struct {
		what  string
		body  *model.CreatePasswordRequestBody
		check func(p string, k map[string]int, d *diffs)
	}{
		{"no rules", &model.CreatePasswordRequestBody{}, func(p string, k map[string]int, d *diffs) {
			d.eq("length", len(p), defaultPasswordLength)
			d.eq("other characters", k["other"]+k["space"], 0)
		}},
		{"length 20", &model.CreatePasswordRequestBody{Length: ptr(int32(20))}, func(p string, _ map[string]int, d *diffs) { d.eq("length", len(p), 20) }},
		{fmt.Sprintf("length %d (the document's maximum)", maxLength), &model.CreatePasswordRequestBody{Length: ptr(int32(maxLength))},
			func(p string, _ map[string]int, d *diffs) { d.eq("length", len(p), maxLength) }},
		{"length 64, letters only, each kind", &model.CreatePasswordRequestBody{Length: ptr(int32(64)), ExcludeNumbers: ptr(true),
			ExcludePunctuation: ptr(true), RequireEachIncludedType: ptr(true)}, func(p string, k map[string]int, d *diffs) {
			d.eq("length", len(p), 64)
			d.eq("characters other than letters", k["digit"]+k["punct"]+k["space"]+k["other"], 0)
			d.ok(k["lower"] > 0 && k["upper"] > 0, "not both lowercase and uppercase letters")
		}},
		{"length 40 without a-f, A-F and 0-9", &model.CreatePasswordRequestBody{Length: ptr(int32(40)), ExcludeCharacters: str("abcdefABCDEF0123456789")},
			func(p string, _ map[string]int, d *diffs) {
				d.eq("length", len(p), 40)
				d.ok(!strings.ContainsAny(p, "abcdefABCDEF0123456789"), "it holds an excluded character")
			}},
		{"length 12, digits and the space", &model.CreatePasswordRequestBody{Length: ptr(int32(12)), ExcludeLowercase: ptr(true), ExcludeUppercase: ptr(true),
			ExcludePunctuation: ptr(true), IncludeSpace: ptr(true), RequireEachIncludedType: ptr(true)}, func(p string, k map[string]int, d *diffs) {
			d.eq("length", len(p), 12)
			d.ok(k["digit"] > 0 && k["space"] > 0 && k["digit"]+k["space"] == 12, "not digits and at least one space only")
		}},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		label := fmt.Sprintf("GenerateRandomPassword(%s): honoured, and a password no earlier call gave", c.what)
		p, ok := s.password(label, c.body)
		if !ok {
			continue
		}
		var d diffs
		c.check(p, charKinds(p), &d)
		d.ok(!seen[p], "the same password as an earlier call")
		seen[p] = true
		check(len(d) == 0, label, d.String())
	}
	none := &model.CreatePasswordRequestBody{ExcludeLowercase: ptr(true), ExcludeUppercase: ptr(true), ExcludeNumbers: ptr(true), ExcludePunctuation: ptr(true)}
	_, err := s.client.GenerateRandomPassword(&model.GenerateRandomPasswordRequest{Body: none})
	s.refusedAs(err, "GenerateRandomPassword", "PasswordRulesUnsatisfiable", "excluding every kind of character")
	_, err = s.client.GenerateRandomPassword(&model.GenerateRandomPasswordRequest{Body: &model.CreatePasswordRequestBody{Length: ptr(int32(maxLength + 1))}})
	s.refusedAs(err, "GenerateRandomPassword", "MalformedBody", fmt.Sprintf("of length %d", maxLength+1))
}

// CheckSecrets with the document's request example, and the checker setting read and written.
func (s *suite) checker() {
	op := s.op("CheckSecrets")
	names := make([]string, 0, len(op.bodyExamples))
	for name := range op.bodyExamples {
		names = append(names, name)
	}
	for _, name := range sorted(names) {
		ex, _ := s.doc.resolve(op.bodyExamples[name])["value"].(map[string]any)
		typ, _ := ex["type"].(string)
		data := ex["data"]
		label := fmt.Sprintf("CheckSecrets(the document's request example %q)", name)
		r, err := s.client.CheckSecrets(&model.CheckSecretsRequest{Body: &model.CheckSecretsRequestBody{Type: typ, Data: &data}})
		if !callFailed(label, err) {
			s.expectExample(label, "CheckSecrets", r)
		}
	}
	var nothing any = map[string]any{}
	_, err := s.client.CheckSecrets(&model.CheckSecretsRequest{Body: &model.CheckSecretsRequestBody{Type: "2", Data: &nothing}})
	s.refusedAs(err, "CheckSecrets", "MalformedBody", `of type "2"`)

	c, err := s.client.ShowSecretsConfig(&model.ShowSecretsConfigRequest{})
	if !callFailed("ShowSecretsConfig()", err) {
		s.expectExample("ShowSecretsConfig()", "ShowSecretsConfig", c)
	}
	u, err := s.client.UpdateSecretsConfig(&model.UpdateSecretsConfigRequest{Body: &model.UpdateSecretsConfigRequestBody{CheckingSecretStrength: ptr(true)}})
	if !callFailed("UpdateSecretsConfig(checking_secret_strength true)", err) {
		s.expectExample("UpdateSecretsConfig(checking_secret_strength true)", "UpdateSecretsConfig", u)
	}
	_, err = s.client.UpdateSecretsConfig(&model.UpdateSecretsConfigRequest{Body: &model.UpdateSecretsConfigRequestBody{}})
	s.refusedAs(err, "UpdateSecretsConfig", "MalformedBody", "without checking_secret_strength")
	s.preferred(s.client.ShowSecretsConfigInvoker(&model.ShowSecretsConfigRequest{}).BaseInvoker, "ShowSecretsConfig", 400, "InvalidParameter")
}
