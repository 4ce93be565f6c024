// Where the pinned Go SDK and the document disagree and the suite cannot make them meet: each is
// recorded in test/sdks/README.md ("go"), printed as a "known difference" line, and checked to
// still hold, so that an SDK that no longer differs fails the run until the record is updated.
package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
)

// Properties of the document's answers that the SDK's models have no field for, by operation and
// path ("ListUsers users.domain_id"), and why the suite accepts the gap.
var knownMissingFields = map[string]string{
	"ListUsers users.domain_id": "the document's User schema, which ListUsers and ShowUserDetail share, allows domain_id, which " +
		"its description gives ShowUserDetail only; the SDK's UsersDetailsResult (ListUsers) has no field for it, as the " +
		"vendor's ListUsers example has none. The document, not the SDK, is imprecise here",
}

// Answers the SDK cannot decode: the operation, the field jsoniter stops at, and why.
var knownDecodeFailures = map[string]struct{ field, why string }{
	"ListUsers": {"model.UsersDetailsResult.Disabled", "UsersDetailsResult types disabled, grade, locked and extension as " +
		"strings, while the vendor's own example (API Explorer), which the mock answers, sends false, 1, false and {}"},
	"ShowUserDetail": {"model.ShowUserDetailResponse.Locked", "ShowUserDetailResponse types locked as a string, while the " +
		"vendor's example, which the mock answers, sends false"},
}

// Splits the properties the SDK lacks into the known ones (noted) and the rest.
func unexpectedMissing(opID string, missing []string) []string {
	var rest []string
	for _, m := range missing {
		if why, ok := knownMissingFields[opID+" "+m]; ok {
			note("known difference (test/sdks/README.md): %s: no field for %s: %s.", opID, m, why)
			continue
		}
		rest = append(rest, m)
	}
	return rest
}

// A call whose 200 answer the SDK is known not to decode: the error must be that failure (a
// *sdkerr.ServiceResponseError of status 200 naming the field); true when it was, so the caller
// has nothing to read. A call that succeeds is a failure: the difference no longer holds.
func knownDecodeFailure(label, opID string, err error) bool {
	known, ok := knownDecodeFailures[opID]
	if !ok {
		return false
	}
	name := fmt.Sprintf("%s: answered 200, which the SDK cannot decode (known difference, test/sdks/README.md)", label)
	var sre *sdkerr.ServiceResponseError
	switch {
	case err == nil:
		check(false, name, "the SDK read the answer: the difference no longer holds; update test/sdks/README.md and known_differences.go")
	case !errors.As(err, &sre):
		check(false, name, fmt.Sprintf("the error is a %T: %v", err, err))
	default:
		var d diffs
		d.eq("StatusCode", sre.StatusCode, 200)
		d.ok(strings.Contains(sre.ErrorMessage, known.field), "the decoding error does not name "+known.field)
		if check(len(d) == 0, name, d.String()) {
			note("known difference: %s: %s.", opID, known.why)
		}
	}
	return true
}
