// The official Huawei Cloud Go SDK (huaweicloud-sdk-go-v3, services/csms/v1) against csms-mock:
// every operation of the bundled document through the SDK's typed client. Files by what they test:
//   - reads.go: the reads, field by field against the mock's config;
//   - backup.go: a backup restored into the second mock;
//   - lifecycle.go, stages.go, metadata.go, deletion.go: a secret's whole life, every step read
//     back through the same SDK; import_rotate.go: BatchImportSecrets and RotateSecret;
//   - tags_events.go: the tags-and-events flow, in tags.go (tags by secret id, ListResourceInstances,
//     the tag limit), events.go (event CRUD, the refused delete of a subscribed event) and
//     notifications.go (subscriptions, the notification records a version writes);
//   - grants.go: grants CRUD; rotation_setup.go: agencies, function templates, the task a rotation
//     leaves; tools.go: GenerateRandomPassword, CheckSecrets, the checker setting; users.go: users;
//   - read_errors.go, write_errors.go, limits.go: every documented 400 and 404 of the secret
//     operations as the SDK's typed error, checked against the mock's journal, each refused write
//     shown to change nothing (the newer operations' errors sit in their own files);
//   - auth_faults.go, tamper.go: signatures (a wrong key, a body changed after signing), the
//     configured faults, the missing token mode;
//   - coverage.go: the SDK against the document, and what the mocks saw at the end (the operations
//     called are exactly the document's); known_differences.go: where the SDK and the document differ;
//   - support: report.go (checks, RESULT line), inputs.go, document.go, examples.go (the document's
//     error codes and examples), mock.go, support.go.
//
// One ✓/✗ line per check, then the RESULT line the runner reads.
package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	csms "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1"
)

// What every group of checks works with.
type suite struct {
	mockURL, mockURL2 string
	projectID, ak, sk string
	cfg               mockConfig
	doc               document
	ops               []docOperation   // the document's operations
	client            *csms.CsmsClient // the first mock, AK/SK-signed
	restoreTarget     *csms.CsmsClient // the second mock, which starts empty
	runID             string           // makes this run's secret names unique
	blob              string           // DownloadSecretBlob's backup, for UploadSecretBlob
	dbName, tlsName   string
	db, tls           configSecret
	configuredNames   []string // the names ListSecrets shows before and after the writes
}

// A group of checks and the operations it calls through the SDK: together the groups must call
// every operation of the document (checked before anything runs).
type group struct {
	name string
	ops  []string
	run  func(*suite)
}

// The groups, in the order they run: the reads see the mock as configured, so they go before
// the writes; each write group creates its own secrets (named with runID) and deletes them.
var groups = []group{
	{"reads", []string{"ShowSecret", "ListSecrets", "ListSecretVersions", "ShowSecretVersion", "ShowSecretStage"}, (*suite).reads},
	{"backup and restore", []string{"DownloadSecretBlob", "UploadSecretBlob"}, (*suite).backupAndRestore},
	{"life cycle", []string{"CreateSecret", "CreateSecretVersion", "UpdateSecretStage", "DeleteSecretStage", "UpdateVersion",
		"UpdateSecret", "DeleteSecretForSchedule", "RestoreSecret", "DeleteSecret"}, (*suite).lifecycle},
	{"batch import", []string{"BatchImportSecrets"}, (*suite).batchImport},
	{"rotation", []string{"RotateSecret"}, (*suite).rotation},
	{"tags and events", []string{"CreateSecretTag", "ListResourceInstances", "ListSecretTags", "ListProjectSecretsTags", "DeleteSecretTag",
		"BatchCreateOrDeleteTags", "CreateSecretEvent", "ShowSecretEvent", "ListSecretEvents", "UpdateSecretEvent", "DeleteSecretEvent",
		"ListNotificationRecords"}, (*suite).tagsAndEvents},
	{"grants", []string{"CreateGrants", "ListGrants", "UpdateGrant", "DeleteGrant"}, (*suite).grants},
	{"rotation setup and tasks", []string{"ShowAgency", "CreateAgency", "ShowSecretFunctionTemplates", "ListSecretTask"}, (*suite).rotationSetup},
	{"password and checker tools", []string{"GenerateRandomPassword", "CheckSecrets", "ShowSecretsConfig", "UpdateSecretsConfig"}, (*suite).tools},
	{"users", []string{"ListUsers", "ShowUserDetail", "UpdateUserPassword"}, (*suite).users},
	{"errors of the reads", nil, (*suite).readErrors},
	{"errors of the writes", nil, (*suite).writeErrors},
	{"signatures, faults and token", nil, (*suite).authAndFaults},
}

func main() {
	s := &suite{dbName: "db-password", tlsName: "tls-key", runID: newRunID()}
	s.mockURL, s.mockURL2 = env("CSMS_MOCK_URL"), env("CSMS_MOCK_URL_2")
	s.projectID, s.ak, s.sk = env("CSMS_PROJECT_ID"), env("CSMS_AK"), env("CSMS_SK")
	if err := readJSON(env("CSMS_MOCK_CONFIG"), &s.cfg); err != nil {
		check(false, "read CSMS_MOCK_CONFIG", err.Error())
		finish()
	}
	doc, err := readDocument(env("CSMS_OPENAPI"))
	if err != nil {
		check(false, "read CSMS_OPENAPI", err.Error())
		finish()
	}
	s.doc = doc
	ops := doc.operations()
	s.ops = ops
	fmt.Printf("%s %s against %s; %d operations in the document; run %s\n", sdkModule, sdkVersion(), s.mockURL, len(ops), s.runID)

	s.client = newClient(s.mockURL, s.projectID, s.ak, clientOptions{sk: s.sk})
	s.restoreTarget = newClient(s.mockURL2, s.projectID, s.ak, clientOptions{sk: s.sk})
	s.db, s.tls = s.cfg.secret(s.dbName), s.cfg.secret(s.tlsName)
	for _, c := range s.cfg.Secrets {
		s.configuredNames = append(s.configuredNames, c.Name)
	}
	sdkHas := checkSDKCoverage(s.client, doc, ops)
	checkGroupsCoverDocument(ops, groups)

	for _, g := range groups {
		if missing := missingFrom(g.ops, sdkHas); len(missing) > 0 {
			check(false, g.name, fmt.Sprintf("not run: the SDK lacks %v (see above)", missing))
			continue
		}
		fmt.Printf("\n## %s\n", g.name)
		g.run(s)
	}

	fmt.Printf("\n## what the mocks saw\n")
	s.checkCleanedUp()
	checkAnswered(ops, []string{s.mockURL, s.mockURL2})
	checkErrorStatusesMet(ops)
	finish()
}

// A name unique to this run (base 36 time and random bytes), so that secrets this run creates do
// not meet those of another run against the same mock.
func newRunID() string {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strconv.FormatInt(time.Now().UnixMilli(), 36) + hex.EncodeToString(b)
}

// A secret name of this run: prefix, then the run's ID.
func (s *suite) name(prefix string) string { return "go-" + prefix + "-" + s.runID }

func missingFrom(ops []string, has map[string]bool) []string {
	var missing []string
	for _, op := range ops {
		if !has[op] {
			missing = append(missing, op)
		}
	}
	return missing
}
