"""The Python client openapi-generator made from the bundled document, against csms-mock.

run.mjs generates the client (package csms_client) and puts it on PYTHONPATH. This program calls
ShowSecret and ShowSecretVersion(db-password, latest), then writes: CreateSecret of a new secret
(a name unique to the run, a random value), read back with ShowSecret and ShowSecretVersion, and
DeleteSecret (200 with an empty body), after which ShowSecret answers 404. Then operations of round
two whose shapes a generated client could get wrong: a tag added and removed by the secret's id
(204s), a wrapped 404, a grant until a date (its times a GrantTime, anyOf), a password, the users. Every call goes with
the token only, through a small recording proxy on 127.0.0.1 that forwards to the mock, so it can
prove what went on the wire: the token in X-Auth-Token and nowhere else, no Authorization header.
The reads are checked against mock-config.json, the writes against what this program sent. One
line per check (✓/✗); the exit code is 1 when one failed.

Never prints the token or a secret value: a mismatch says which field differs, not its value.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import csms_client
from csms_client.exceptions import NotFoundException

MOCK = urlsplit(os.environ["CSMS_MOCK_URL"])
TOKEN = os.environ["CSMS_TOKEN"]
PROJECT_ID = os.environ["CSMS_PROJECT_ID"]
CONFIG = json.load(open(os.environ["CSMS_MOCK_CONFIG"], encoding="utf-8"))

# What the proxy saw: method, path, headers (as sent, for the checks only; never printed).
forwarded: list[dict] = []
# Hop-by-hop headers stay with their hop.
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-connection"}


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        forwarded.append({"method": self.command, "path": self.path, "headers": list(self.headers.items())})
        upstream = http.client.HTTPConnection(MOCK.hostname, MOCK.port, timeout=10)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP and k.lower() != "host"}
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            data = answer.read()
            self.send_response(answer.status, answer.reason)
            for k, v in answer.getheaders():
                # send_response wrote its own Date and Server.
                if k.lower() not in HOP and k.lower() not in ("content-length", "date", "server"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        finally:
            upstream.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = forward

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the request line carries nothing secret, but the suite prints only its checks


results: list[bool] = []
# The secret this program creates: a name unique to the run, a random value (never printed).
NEW_NAME = f"openapi-generator-{secrets.token_hex(4)}"
NEW_VALUE = f"generated-client-{secrets.token_hex(12)}"
SECRETS = [TOKEN, NEW_VALUE] + [v.get("value") or v.get("binary") for s in CONFIG["secrets"] for v in s.get("versions", [])]


def redact(text: str) -> str:
    """An exception's text (a validation error quotes the body) without the token or any configured value."""
    for value in SECRETS:
        if value:
            text = text.replace(value, "[Filtered]")
    return text


def check(ok: bool, line: str) -> None:
    results.append(ok)
    print(f"{'✓' if ok else '✗'} {line}", flush=True)


def main() -> int:
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        configuration = csms_client.Configuration(host=f"http://127.0.0.1:{proxy.server_address[1]}")
        configuration.api_key["IamToken"] = TOKEN
        with csms_client.ApiClient(configuration) as api:
            try:
                run_checks(api)
            except Exception as e:  # noqa: BLE001 - any failure is a failed check, said without secrets
                check(False, f"{type(e).__name__}: {redact(' | '.join(str(e).splitlines()))[:400]}")
    finally:
        proxy.shutdown()
        proxy.server_close()
    return 0 if results and all(results) else 1


def run_checks(api: csms_client.ApiClient) -> None:
    expected = next(s for s in CONFIG["secrets"] if s["name"] == "db-password")
    newest = expected["versions"][-1]

    secret = csms_client.SecretsApi(api).show_secret(PROJECT_ID, "db-password").secret
    state = getattr(secret.state, "value", secret.state)  # the generated SecretState enum
    described = secret.description == expected.get("description")
    check(
        secret.name == "db-password" and described and state == expected.get("state", "ENABLED"),
        f"ShowSecret(db-password): a ShowSecretResponse with name, description and state as configured"
        f" (name {secret.name!r}, state {state!r}, description {'equal' if described else 'differs'})",
    )

    version = csms_client.SecretValuesApi(api).show_secret_version(PROJECT_ID, "db-password", "latest").version
    meta = version.version_metadata
    same = version.secret_string == newest["value"]
    check(
        same and version.secret_binary is None,
        f"ShowSecretVersion(db-password, latest): secret_string is the newest configured value ({'equal' if same else 'differs'}),"
        f" no secret_binary",
    )
    check(
        meta.id == newest["id"] and meta.secret_name == "db-password" and "SYSCURRENT" in meta.version_stages,
        f"ShowSecretVersion(db-password, latest): version_metadata id {meta.id!r} (want {newest['id']!r}),"
        f" secret_name {meta.secret_name!r}, stages {meta.version_stages}",
    )

    try:
        csms_client.SecretsApi(api).show_secret(PROJECT_ID, "no-such-secret")
        check(False, "ShowSecret(no-such-secret): raised nothing, want NotFoundException")
    except NotFoundException as e:
        body = json.loads(e.body or "{}")
        request_id = (e.headers or {}).get("X-Request-Id")
        check(
            e.status == 404 and body.get("error_code") == "CSMS.0005" and bool(request_id),
            f"ShowSecret(no-such-secret): NotFoundException, status {e.status}, error_code {body.get('error_code')},"
            f" X-Request-Id {'present' if request_id else 'missing'}",
        )

    write_checks(api)
    secret_id = csms_client.SecretsApi(api).show_secret(PROJECT_ID, "db-password").secret.id
    round_two_checks(api, secret_id)

    wanted = [
        ("GET", f"/v1/{PROJECT_ID}/secrets/db-password"),
        ("GET", f"/v1/{PROJECT_ID}/secrets/db-password/versions/latest"),
        ("GET", f"/v1/{PROJECT_ID}/secrets/no-such-secret"),
        ("POST", f"/v1/{PROJECT_ID}/secrets"),
        ("GET", f"/v1/{PROJECT_ID}/secrets/{NEW_NAME}"),
        ("GET", f"/v1/{PROJECT_ID}/secrets/{NEW_NAME}/versions/latest"),
        ("DELETE", f"/v1/{PROJECT_ID}/secrets/{NEW_NAME}"),
        ("GET", f"/v1/{PROJECT_ID}/secrets/{NEW_NAME}"),
        ("GET", f"/v1/{PROJECT_ID}/secrets/db-password"),
        ("POST", f"/v1/{PROJECT_ID}/csms/{secret_id}/tags"),
        ("GET", f"/v1/{PROJECT_ID}/csms/{secret_id}/tags"),
        ("DELETE", f"/v1/{PROJECT_ID}/csms/{secret_id}/tags/{TAG_KEY}"),
        ("GET", f"/v1/{PROJECT_ID}/csms/{MISSING_ID}/tags"),
        ("POST", f"/v1/{PROJECT_ID}/csms/grants"),
        ("GET", f"/v1/{PROJECT_ID}/csms/grants?resource_id={secret_id}"),
        ("DELETE", f"/v1/{PROJECT_ID}/csms/grants?grantee_user={GRANTEE}&resource_id={secret_id}"),
        ("POST", f"/v1/{PROJECT_ID}/csms/generate-password"),
        ("GET", "/v1/csms/users?offset=0&limit=10"),
    ]
    sent = [(r["method"], r["path"]) for r in forwarded]
    check(sent == wanted, f"the proxy forwarded exactly the {len(wanted)} calls, in order ({len(sent)} requests)")
    for r in forwarded:
        tokens = [v for k, v in r["headers"] if k.lower() == "x-auth-token"]
        authorization = [k for k, _ in r["headers"] if k.lower() == "authorization"]
        elsewhere = [k for k, v in r["headers"] if k.lower() != "x-auth-token" and TOKEN in v] + (["the URL"] if TOKEN in r["path"] else [])
        check(
            tokens == [TOKEN] and not authorization and not elsewhere,
            f"{r['method']} {r['path'].replace(PROJECT_ID, '{project_id}')}: the token in one X-Auth-Token header"
            f" ({len(tokens)} sent, {'equal' if tokens == [TOKEN] else 'not equal'}), no Authorization ({len(authorization)}),"
            f" the token nowhere else ({', '.join(elsewhere) or 'nowhere'})",
        )


# Round two's operations: a tag by the secret's id (two 204s), a wrapped 404, a grant whose times
# the document types as anyOf (GrantTime), a fresh password, the users (fields of two types each).
TAG_KEY = f"generated-{secrets.token_hex(4)}"
MISSING_ID = "00000000-0000-4000-8000-000000000000"
GRANTEE = f"user-{secrets.token_hex(4)}"


def grant_validity() -> tuple[str, int]:
    """The date UpdateGrant's request example `extend` sends and the time its answer example `extended` gives for it."""
    document = json.load(open(os.environ["CSMS_OPENAPI"], encoding="utf-8"))
    examples = document["components"]["examples"]
    put = document["paths"]["/v1/{project_id}/csms/grants"]["put"]
    sent = put["requestBody"]["content"]["application/json"]["examples"]["extend"]["$ref"].rsplit("/", 1)[1]
    answered = put["responses"]["200"]["content"]["application/json"]["examples"]["extended"]["$ref"].rsplit("/", 1)[1]
    return examples[sent]["value"]["validity_time"], examples[answered]["value"]["data"]["validityTime"]


def round_two_checks(api: csms_client.ApiClient, secret_id: str) -> None:
    """Operations of round two whose shapes a generated client could get wrong; expectations from what was sent."""
    tags = csms_client.TagsApi(api)
    created = tags.create_secret_tag_with_http_info(
        PROJECT_ID, secret_id, csms_client.CreateSecretTagRequest(tag=csms_client.TagItem(key=TAG_KEY, value="v1"))
    )
    listed = tags.list_secret_tags(PROJECT_ID, secret_id)
    deleted = tags.delete_secret_tag_with_http_info(PROJECT_ID, secret_id, TAG_KEY)
    check(
        (created.status_code, created.data, deleted.status_code, deleted.data) == (204, None, 204, None)
        and [(t.key, t.value) for t in listed.tags] == [(TAG_KEY, "v1")],
        f"CreateSecretTag and DeleteSecretTag: 204 without data ({created.status_code}, {deleted.status_code});"
        f" ListSecretTags between them lists the tag ({len(listed.tags)} tags)",
    )
    try:
        tags.list_secret_tags(PROJECT_ID, MISSING_ID)
        check(False, "ListSecretTags(an id of no secret): raised nothing, want NotFoundException")
    except NotFoundException as e:
        error = csms_client.WrappedError.from_json(e.body or "{}").error
        check(
            e.status == 404 and error.error_code == "CSMS.0005",
            f"ListSecretTags(an id of no secret): NotFoundException {e.status},"
            f" its body a WrappedError with error.error_code {error.error_code}",
        )

    grants = csms_client.GrantsApi(api)
    validity, end = grant_validity()
    request = csms_client.GrantRequest(
        resource_id=secret_id, type="SECRET", grantee_type="0", grantee_target_id=GRANTEE, validity_time=date.fromisoformat(validity)
    )
    grant = grants.create_grants(PROJECT_ID, request).data
    listed_grants = grants.list_grants(secret_id, PROJECT_ID).data.grantee_user
    times = [(g.user_id, g.validity_time.actual_instance if g.validity_time else None) for g in listed_grants]
    check(
        grant.grantee_user == GRANTEE and grant.validity_time.actual_instance == end and times == [(GRANTEE, end)],
        f"CreateGrants until {validity}, ListGrants: validityTime a GrantTime holding {end} ms (UpdateGrant's examples extend → extended)"
        f" (got {grant.validity_time.actual_instance!r}, listed {times})",
    )
    gone = grants.delete_grant_with_http_info(secret_id, PROJECT_ID, grantee_user=GRANTEE)
    check(gone.status_code == 204 and gone.data is None, f"DeleteGrant: 204 without data ({gone.status_code})")

    password = (
        csms_client.PasswordsApi(api)
        .generate_random_password(PROJECT_ID, csms_client.GenerateRandomPasswordRequest(length=40, exclude_punctuation=True))
        .password
    )
    check(
        len(password) == 40 and password.isalnum(),
        f"GenerateRandomPassword(length 40, no punctuation): {len(password)} letters and digits",
    )
    users = csms_client.UsersApi(api).list_users(0, 10)
    check(
        users.total == len(users.users) and all(u.user_id and u.user_name for u in users.users),
        f"ListUsers(offset 0, limit 10): {users.total} users, each with user_id and user_name (User's fields of two types parsed)",
    )


def write_checks(api: csms_client.ApiClient) -> None:
    """CreateSecret, read back; DeleteSecret, then 404. Expectations are what this program sent."""
    secrets_api = csms_client.SecretsApi(api)
    created = secrets_api.create_secret(
        PROJECT_ID,
        csms_client.CreateSecretRequest(name=NEW_NAME, secret_string=NEW_VALUE, description="made by the generated client"),
    ).secret
    state = getattr(created.state, "value", created.state)
    check(
        created.name == NEW_NAME and state == "ENABLED" and created.description == "made by the generated client",
        f"CreateSecret({NEW_NAME}): a ShowSecretResponse, name as sent, state {state!r} (want 'ENABLED'), description as sent",
    )

    shown = secrets_api.show_secret(PROJECT_ID, NEW_NAME).secret
    check(
        shown.id == created.id and shown.description == "made by the generated client",
        f"ShowSecret({NEW_NAME}) after CreateSecret: the same id and description ({'equal' if shown.id == created.id else 'differs'})",
    )
    version = csms_client.SecretValuesApi(api).show_secret_version(PROJECT_ID, NEW_NAME, "latest").version
    same = version.secret_string == NEW_VALUE
    check(
        same and version.version_metadata.id == "v1" and version.version_metadata.version_stages == ["SYSCURRENT"],
        f"ShowSecretVersion({NEW_NAME}, latest): v1 (got {version.version_metadata.id!r}), stages"
        f" {version.version_metadata.version_stages}, secret_string as sent ({'equal' if same else 'differs'})",
    )

    # DeleteSecret answers 200 with an empty body; the document gives that 200 no content, so the method returns None.
    deleted = secrets_api.delete_secret_with_http_info(PROJECT_ID, NEW_NAME)
    check(
        deleted.status_code == 200 and deleted.data is None and not deleted.raw_data,
        f"DeleteSecret({NEW_NAME}): status {deleted.status_code}, data {deleted.data!r}, body {len(deleted.raw_data or b'')} bytes",
    )
    try:
        secrets_api.show_secret(PROJECT_ID, NEW_NAME)
        check(False, f"ShowSecret({NEW_NAME}) after DeleteSecret: raised nothing, want NotFoundException")
    except NotFoundException as e:
        body = json.loads(e.body or "{}")
        check(
            e.status == 404 and body.get("error_code") == "CSMS.0005",
            f"ShowSecret({NEW_NAME}) after DeleteSecret: NotFoundException, status {e.status}, error_code {body.get('error_code')}",
        )


if __name__ == "__main__":
    sys.exit(main())
