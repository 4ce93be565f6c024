// The suite's inputs: the runner's environment and the mock's config (the expected values of the
// reads).
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func env(name string) string {
	v := os.Getenv(name)
	if v == "" {
		fmt.Printf("✗ %s is not set (run through node scripts/test-sdks.mjs go)\n", name)
		failed++
		failures = append(failures, name+" is not set")
		finish()
	}
	return v
}

type configVersion struct {
	ID     string   `json:"id"`
	Value  *string  `json:"value"`
	Binary *string  `json:"binary"`
	Stages []string `json:"stages"`
}

type configSecret struct {
	Name        string          `json:"name"`
	Description *string         `json:"description"`
	State       *string         `json:"state"`
	Versions    []configVersion `json:"versions"`
	Tags        []struct {
		Key   string  `json:"key"`
		Value *string `json:"value"`
	} `json:"tags"`
}

type mockConfig struct {
	Secrets []configSecret `json:"secrets"`
	Events  []struct {
		Name string `json:"name"`
	} `json:"events"`
	Faults []struct {
		SecretName string `json:"secretName"`
		Status     int    `json:"status"`
		RetryAfter *int   `json:"retryAfter"`
		HTML       bool   `json:"html"`
	} `json:"faults"`
}

func (c mockConfig) secret(name string) configSecret {
	for _, s := range c.Secrets {
		if s.Name == name {
			return s
		}
	}
	check(false, "mock config", fmt.Sprintf("has no secret %q, which this suite reads", name))
	finish()
	return configSecret{}
}

func (s configSecret) version(id string) configVersion {
	for _, v := range s.Versions {
		if v.ID == id {
			return v
		}
	}
	check(false, "mock config", fmt.Sprintf("secret %q has no version %q, which this suite reads", s.Name, id))
	finish()
	return configVersion{}
}

// The stages each configured version carries: the ones it names, or (when no version names any)
// SYSCURRENT on the newest and SYSPREVIOUS on the one before; a secret configured without versions
// has one, v1, with SYSCURRENT (the mock's config rules, packages/mock/README.md).
func (s configSecret) stages() map[string][]string {
	out := map[string][]string{}
	if len(s.Versions) == 0 {
		out["v1"] = []string{"SYSCURRENT"}
	}
	explicit := false
	for _, v := range s.Versions {
		if len(v.Stages) > 0 {
			explicit = true
		}
	}
	for i, v := range s.Versions {
		switch {
		case explicit:
			out[v.ID] = append([]string{}, v.Stages...)
		case i == len(s.Versions)-1:
			out[v.ID] = []string{"SYSCURRENT"}
		case i == len(s.Versions)-2:
			out[v.ID] = []string{"SYSPREVIOUS"}
		default:
			out[v.ID] = []string{}
		}
	}
	return out
}

// The configured state: CSMS (and the mock) create a secret ENABLED when nothing else is said.
func (s configSecret) state() string {
	if s.State != nil {
		return *s.State
	}
	return "ENABLED"
}

func readJSON(path string, into any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}
