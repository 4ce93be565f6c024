// Checks and the RESULT line: one ✓/✗ line per check, field mismatches gathered into one line,
// and the RESULT line the runner reads (test/sdks/README.md). Secret values, blobs and
// credentials are never printed: a mismatch says which field, not what it held.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"runtime/debug"
	"strings"
)

const sdkModule = "github.com/huaweicloud/huaweicloud-sdk-go-v3"

// ---- checks and the RESULT line ----

var passed, failed int
var failures []string

func check(ok bool, name string, detail string) bool {
	if ok {
		passed++
		fmt.Printf("✓ %s\n", name)
		return true
	}
	failed++
	msg := name
	if detail != "" {
		msg = fmt.Sprintf("%s: %s", name, detail)
	}
	failures = append(failures, msg)
	fmt.Printf("✗ %s\n", msg)
	return false
}

func note(format string, args ...any) { fmt.Printf("– "+format+"\n", args...) }

// A list of field mismatches, for one check line.
type diffs []string

func (d *diffs) eq(field string, got, want any) {
	if !reflect.DeepEqual(got, want) {
		*d = append(*d, fmt.Sprintf("%s is %s, want %s", field, show(got), show(want)))
	}
}

// A value's field compared without printing either side (secret values, blobs).
func (d *diffs) eqHidden(field string, got *string, want string) {
	switch {
	case got == nil:
		*d = append(*d, field+" is absent")
	case *got != want:
		*d = append(*d, fmt.Sprintf("%s differs from the config (%d characters, want %d)", field, len(*got), len(want)))
	}
}

// Records what is wrong when cond is false; returns cond, so that a check can go on only when
// the field it reads is there.
func (d *diffs) ok(cond bool, what string) bool {
	if !cond {
		*d = append(*d, what)
	}
	return cond
}

func (d diffs) String() string { return strings.Join(d, "; ") }

func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "absent"
		}
		v = rv.Elem().Interface()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func str(s string) *string { return &s }

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func sdkVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == sdkModule {
				return d.Version
			}
		}
	}
	return "unknown"
}

func finish() {
	if failures == nil {
		failures = []string{}
	}
	line, _ := json.Marshal(map[string]any{
		"suite": "go", "tool": sdkModule, "version": sdkVersion(),
		"passed": passed, "failed": failed, "failures": failures,
	})
	fmt.Printf("RESULT %s\n", line)
	if failed > 0 || passed == 0 {
		os.Exit(1)
	}
	os.Exit(0)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
