"""The official Huawei Cloud Python SDK (huaweicloudsdkcsms) against csms-mock.

Run by run.mjs inside a venv that holds the pinned SDK (requirements.txt), with the environment
that test/sdks/README.md describes. Every operation of the bundled document is called through the
SDK's typed methods and its typed results are checked against the mock's config; the typed errors
are checked against what the mock answered (its X-Request-Id and its journal). The secret's life
cycle, through the operations that change a secret, is lifecycle.py's. One line per check, then
one RESULT line. Nothing here prints the access key, the secret key or a signature: the values
that are printed are the config's fixtures.
"""

import base64
import json
import os
import re
import sys

import errors
import grants_tasks
import lifecycle
import tags_events
import tools_users
from harness import (
    CONFIG,
    CORE_VERSION,
    DOCUMENT,
    MOCK_URL,
    MOCK_URL_2,
    OPERATION_IDS,
    OPERATIONS,
    PROJECT_ID,
    SDK_VERSION,
    CsmsClient,
    bad_client,
    bad_wire,
    call,
    called,
    check,
    check_wire,
    client,
    client2,
    crashed,
    csms,
    deref,
    expect_error,
    fields,
    finish,
    journal,
    missing_in_model,
    note,
    plain_get,
    sdk_errors,
    sdk_model,
    section,
    snake,
    undocumented_errors_met,
    wire,
    wire2,
)

# ---------------------------------------------------------------------------------------------
print(f'huaweicloudsdkcsms {SDK_VERSION}, huaweicloudsdkcore {CORE_VERSION}, Python {sys.version.split()[0]}')
print(f'mock 1 {MOCK_URL}, mock 2 {MOCK_URL_2}; {len(OPERATION_IDS)} operations in {os.environ["CSMS_OPENAPI"]}')

# Properties of the document that the SDK's response models lack, and why that loses nothing.
SDK_MODEL_GAPS = {
    'ListUsers.users[].domain_id': "the document's User schema, which ListUsers and ShowUserDetail share, has domain_id and says "
    "it is ShowUserDetail's only; the SDK's UsersDetailsResult (ListUsers) lacks it, ShowUserDetailResponse has it, and the "
    "ListUsers answer (the document's example) carries none (check_wire of ListUsers in tools_users.py would name a dropped field)",
}

section('every operation of the document has an SDK method, request and response class, and the SDK models its fields')
for path, method, op in OPERATIONS:
    oid = op['operationId']
    name = snake(oid)
    has = callable(getattr(CsmsClient, name, None)) and hasattr(csms, f'{oid}Request') and hasattr(csms, f'{oid}Response')
    check(f'{oid} ({method.upper()} {path}) → CsmsClient.{name}, {oid}Request, {oid}Response', has, 'missing in the SDK')
    if not has:
        continue
    request_model = getattr(csms, f'{oid}Request')
    params = [deref(p) for p in op.get('parameters', []) + DOCUMENT['paths'][path].get('parameters', [])]
    wanted = [p['name'] for p in params if p['name'] != 'project_id']
    if 'requestBody' in op:
        wanted.append('body')
    absent = [p for p in wanted if p not in request_model.attribute_map.values()]
    check(f'{oid}Request takes every documented parameter ({", ".join(wanted) or "none"})', not absent, f'absent: {absent}')
    success = next(code for code in op['responses'] if code.startswith('2'))
    schema = deref(op['responses'][success]).get('content', {}).get('application/json', {}).get('schema')
    if schema is not None:
        missing = missing_in_model(schema, getattr(csms, f'{oid}Response'), oid)
        known = {m: SDK_MODEL_GAPS[m] for m in missing if m in SDK_MODEL_GAPS}
        unknown = [m for m in missing if m not in known]
        but = f' but {", ".join(known)} (known, see the note)' if known else ''
        check(f"{oid}Response models every property of the document's {success} schema{but}", not unknown, f'the SDK would drop {unknown}')
        for gap, why in known.items():
            note(f'{gap}: {why}')
    else:
        # No body: the SDK's core turns an empty answer into the response class with no fields
        # (huaweicloudsdkcore client.py sync_response_handler, deserialize: '' is not JSON).
        fields_of = list(getattr(csms, f'{oid}Response').openapi_types)
        check(f"{oid}Response has no fields, as the document's {success} has no body", not fields_of, f'it has {fields_of}')
    body = deref(op.get('requestBody', {})).get('content', {}).get('application/json', {}).get('schema')
    if body is not None:
        body_model = sdk_model(request_model.openapi_types.get('body', ''))
        missing = missing_in_model(body, body_model, f'{oid} body') if body_model else ['body']
        check(
            f"{oid}Request's body ({getattr(body_model, '__name__', None)}) models every property of the document's request body",
            not missing,
            f'the SDK cannot send {missing}',
        )

secrets = CONFIG['secrets']
names = [s['name'] for s in secrets]
by_name = {s['name']: s for s in secrets}


def expected_secret(name):
    s = by_name[name]
    return {'name': name, 'state': s.get('state', 'ENABLED'), 'description': s.get('description')}


section('secrets')
try:
    r = call(client, 'ShowSecret', secret_name='db-password')
    fields('ShowSecret(db-password)', r.secret, expected_secret('db-password'))
    check_wire('ShowSecret(db-password)', wire, r)
    first_secret = r.secret
except Exception as e:
    crashed('ShowSecret(db-password)', e)
    first_secret = None

try:
    r = call(client, 'ListSecrets')
    got = [s.name for s in r.secrets]
    check(f'ListSecrets: names in config order {names}', got == names, f'got {got}')
    wrong = [
        f'{s.name}: {s.state}/{s.description!r}'
        for s in r.secrets
        if s.name in by_name and (s.state, s.description) != (by_name[s.name].get('state', 'ENABLED'), by_name[s.name].get('description'))
    ]
    check("ListSecrets: each secret's state and description as configured", not wrong, ', '.join(wrong))
    check(
        'ListSecrets: page_info.current_count = number of secrets, no next_marker',
        (r.page_info.current_count, r.page_info.next_marker) == (len(names), None),
        f'page_info {r.page_info.to_dict()}',
    )
    check_wire('ListSecrets', wire, r)
except Exception as e:
    crashed('ListSecrets', e)

try:
    pages, marker = [], None
    while len(pages) < 10:
        params = {'limit': '2'} if marker is None else {'limit': '2', 'marker': marker}
        r = call(client, 'ListSecrets', **params)
        pages.append([s.name for s in r.secrets])
        marker = r.page_info.next_marker
        if not marker:
            break
    want = [names[i : i + 2] for i in range(0, len(names), 2)]
    check(f'ListSecrets limit=2, following next_marker: pages {want}', pages == want, f'got {pages}')
except Exception as e:
    crashed('ListSecrets limit=2 with marker', e)

section('versions, values and stages')
try:
    r = call(client, 'ListSecretVersions', secret_name='db-password')
    got = [(v.id, v.version_stages, v.secret_name) for v in r.version_metadatas]
    want = [('v1', ['SYSPREVIOUS'], 'db-password'), ('v2', ['SYSCURRENT'], 'db-password')]
    check('ListSecretVersions(db-password): v1 [SYSPREVIOUS], v2 [SYSCURRENT], secret_name db-password', got == want, f'got {got}')
    check_wire('ListSecretVersions(db-password)', wire, r)
    r1 = call(client, 'ListSecretVersions', secret_name='db-password', limit=1)
    r2 = call(client, 'ListSecretVersions', secret_name='db-password', limit=1, marker=r1.page_info.next_marker)
    got = ([v.id for v in r1.version_metadatas], r1.page_info.next_marker, [v.id for v in r2.version_metadatas], r2.page_info.next_marker)
    check(
        'ListSecretVersions(db-password) limit=1: [v1] next_marker v1, then [v2] and no next_marker',
        got == (['v1'], 'v1', ['v2'], None),
        f'got {got}',
    )
except Exception as e:
    crashed('ListSecretVersions(db-password)', e)

VALUE_CASES = [
    ('db-password', 'latest', {'secret_string': 's3cr3t', 'secret_binary': None}, 'v2', ['SYSCURRENT']),
    ('db-password', 'v1', {'secret_string': 'old-password', 'secret_binary': None}, 'v1', ['SYSPREVIOUS']),
    ('tls-key', 'v7', {'secret_binary': 'AAECAwQ=', 'secret_string': None}, 'v7', ['SYSCURRENT', 'blue']),
]
for secret_name, version_id, value, want_id, stages in VALUE_CASES:
    what = f'ShowSecretVersion({secret_name}, {version_id})'
    try:
        r = call(client, 'ShowSecretVersion', secret_name=secret_name, version_id=version_id)
        fields(what, r.version, value)
        meta = r.version.version_metadata
        got = (meta.id, meta.version_stages, meta.secret_name)
        check(
            f'{what}: version_metadata id {want_id}, stages {stages}, secret_name {secret_name}',
            got == (want_id, stages, secret_name),
            f'got {got}',
        )
        check_wire(what, wire, r)
    except Exception as e:
        crashed(what, e)
try:
    r = call(client, 'ShowSecretVersion', secret_name='tls-key', version_id='v7')
    check(
        'ShowSecretVersion(tls-key, v7): secret_binary is base64 of bytes 00 01 02 03 04',
        base64.b64decode(r.version.secret_binary) == bytes(range(5)),
        f'got {r.version.secret_binary!r}',
    )
    r = call(client, 'ShowSecretVersion', secret_name='api-key', version_id='latest')
    got = (r.version.version_metadata.id, r.version.secret_string)
    check(
        'ShowSecretVersion(api-key, latest): the generated v1 value mock-value-<16 hex>',
        got[0] == 'v1' and re.fullmatch(r'mock-value-[0-9a-f]{16}', got[1] or '') is not None,
        f'got {got}',
    )
except Exception as e:
    crashed('ShowSecretVersion(api-key, latest)', e)

for secret_name, stage, version_id in [
    ('tls-key', 'blue', 'v7'),
    ('db-password', 'SYSCURRENT', 'v2'),
    ('db-password', 'SYSPREVIOUS', 'v1'),
]:
    what = f'ShowSecretStage({secret_name}, {stage})'
    try:
        r = call(client, 'ShowSecretStage', secret_name=secret_name, stage_name=stage)
        fields(what, r.stage, {'name': stage, 'version_id': version_id, 'secret_name': secret_name})
        check_wire(what, wire, r)
    except Exception as e:
        crashed(what, e)

section('backup into mock 1, restore into mock 2')
blob = None
try:
    r = call(client, 'DownloadSecretBlob', secret_name='db-password')
    blob = r.secret_blob
    check(
        'DownloadSecretBlob(db-password): a secret_blob, which does not hold the value in clear',
        isinstance(blob, str) and len(blob) > 0 and 's3cr3t' not in blob and 'old-password' not in blob,
        f'got a {type(blob).__name__}',
    )
    check_wire('DownloadSecretBlob(db-password)', wire, r)
except Exception as e:
    crashed('DownloadSecretBlob(db-password)', e)
if blob:
    try:
        r = call(client2, 'UploadSecretBlob', body=csms.UploadSecretBlobRequestBody(secret_blob=blob))
        want = {k: getattr(first_secret, k, None) for k in ('name', 'description', 'state', 'kms_key_id')}
        fields('UploadSecretBlob into mock 2: the restored secret as mock 1 has it', r.secret, want)
        check_wire('UploadSecretBlob into mock 2', wire2, r)
        one = call(client, 'ShowSecretVersion', secret_name='db-password', version_id='latest').version
        two = call(client2, 'ShowSecretVersion', secret_name='db-password', version_id='latest').version
        check(
            f'ShowSecretVersion(db-password, latest) on mock 2 = on mock 1 ({one.secret_string!r}, {one.version_metadata.id})',
            (two.secret_string, two.version_metadata.id) == (one.secret_string, one.version_metadata.id),
            f'mock 2 has {(two.secret_string, two.version_metadata.id)}',
        )
        v1 = [(v.id, v.version_stages) for v in call(client, 'ListSecretVersions', secret_name='db-password').version_metadatas]
        v2 = [(v.id, v.version_stages) for v in call(client2, 'ListSecretVersions', secret_name='db-password').version_metadatas]
        check(f'ListSecretVersions(db-password) on mock 2 = on mock 1 {v1}', v1 == v2, f'mock 2 has {v2}')
        old = call(client2, 'ShowSecretVersion', secret_name='db-password', version_id='v1').version.secret_string
        check('ShowSecretVersion(db-password, v1) on mock 2 = old-password', old == 'old-password', f'got {old!r}')
    except Exception as e:
        crashed('UploadSecretBlob into mock 2', e)
    expect_error(
        'UploadSecretBlob of the same backup again (mock 2)',
        lambda: call(client2, 'UploadSecretBlob', body=csms.UploadSecretBlobRequestBody(secret_blob=blob)),
        wire2,
        MOCK_URL_2,
        sdk_errors.ClientRequestException,
        400,
        'CSMS.0002',
        'UploadSecretBlob',
        None,
    )

section('typed errors')
expect_error(
    'ShowSecret(db-password) signed with a wrong SK',
    lambda: call(bad_client, 'ShowSecret', secret_name='db-password'),
    bad_wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    401,
    'APIGW.0301',
    'ShowSecret',
    'db-password',
)
expect_error(
    'ShowSecret(no-such-secret)',
    lambda: call(client, 'ShowSecret', secret_name='no-such-secret'),
    wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    404,
    'CSMS.0005',
    'ShowSecret',
    'no-such-secret',
)
expect_error(
    'ShowSecretVersion(db-password, v99)',
    lambda: call(client, 'ShowSecretVersion', secret_name='db-password', version_id='v99'),
    wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    404,
    'CSMS.0005',
    'ShowSecretVersion',
    'db-password',
)
expect_error(
    'ShowSecretStage(tls-key, green)',
    lambda: call(client, 'ShowSecretStage', secret_name='tls-key', stage_name='green'),
    wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    404,
    'CSMS.0005',
    'ShowSecretStage',
    'tls-key',
)
expect_error(
    'ShowSecretVersion(retired, latest) of a DISABLED secret',
    lambda: call(client, 'ShowSecretVersion', secret_name='retired', version_id='latest'),
    wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    400,
    'CSMS.0002',
    'ShowSecretVersion',
    'retired',
)

# Throttling. The SDK mounts urllib3's Retry(total=retry_times (0), status_forcelist=[429]) on its
# session (huaweicloudsdkcore/http/http_client.py _init_session). For a method urllib3 retries
# (GET), a 429 exhausts that Retry at once: requests raises RetryError before the SDK sees the
# answer, and exception_handler.process_retry_error builds ClientRequestException(429) with
# error_code '429' and request_id '' from the message alone. urllib3 never retries a POST, so a
# POST's 429 reaches the SDK's exception handler like any other error.
retry_after = 7
for fault in CONFIG.get('faults', []):
    if fault.get('secretName') == 'throttled':
        retry_after = fault.get('retryAfter', retry_after)
e = expect_error(
    'DownloadSecretBlob(throttled) (POST)',
    lambda: call(client, 'DownloadSecretBlob', secret_name='throttled'),
    wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    429,
    'APIGW.0308',
    'DownloadSecretBlob',
    'throttled',
)
got = (wire.last or {}).get('headers', {}).get('Retry-After')
check(
    f"DownloadSecretBlob(throttled): Retry-After {retry_after}, read through the SDK's HttpHandler response hook",
    got == str(retry_after),
    f'got {got!r}',
)
exposed = [a for a in ('headers', 'response', 'retry_after', 'response_headers') if e is not None and hasattr(e, a)]
check(
    'ClientRequestException carries no headers: Retry-After is not on the exception (only the HttpHandler hook sees it)',
    not exposed,
    f'it now has {exposed}: use it',
)
if not exposed:
    note(
        'huaweicloudsdkcore: a ServiceResponseException has status_code, error_code, error_msg, request_id and encoded_auth_msg only; '
        'Retry-After is readable through HttpHandler.add_response_handler, not from the exception'
    )

wire.last = None
try:
    call(client, 'ShowSecret', secret_name='throttled')
    check('ShowSecret(throttled) (GET) → ClientRequestException 429', False, 'no exception was raised')
except sdk_errors.ClientRequestException as e:
    entries = [x for x in journal(MOCK_URL) if (x['operation'], x.get('secretName')) == ('ShowSecret', 'throttled')]
    entry = entries[-1] if entries else {}
    check(
        'ShowSecret(throttled) (GET) → ClientRequestException 429, sent once (retry_times 0): one journal entry, ShowSecret throttled 429',
        e.status_code == 429 and [x['status'] for x in entries] == [429],
        f'status_code {e.status_code}, journal entries {entries}',
    )
    # What the SDK does here is its own limit, asserted so that a fixed SDK is noticed.
    check(
        "ShowSecret(throttled) (GET): SDK limit — urllib3's Retry swallows the answer: error_code '429', request_id '', hook not called",
        (e.error_code, e.request_id, wire.last) == ('429', '', None),
        f'error_code {e.error_code!r}, request_id {e.request_id!r}: the SDK now passes the answer on; check it as the POST case',
    )
    note(
        f"huaweicloudsdkcore {CORE_VERSION}: a 429 on a GET becomes ClientRequestException(429) with error_code '429' and request_id '' "
        f"(the mock's answer had APIGW.0308 and X-Request-Id {entry.get('requestId')}); the answer never reaches the exception handler "
        '(http_client.py _init_session Retry(status_forcelist=[429]), exception_handler.process_retry_error). POST 429s are typed normally.'
    )
except Exception as e:
    crashed('ShowSecret(throttled) (GET) → ClientRequestException 429', e)
status, headers, _ = plain_get(f'{MOCK_URL}/v1/{PROJECT_ID}/secrets/throttled')
check(
    f"plain GET …/secrets/throttled (what the GET's SDK exception hides): 429 with Retry-After {retry_after} and an X-Request-Id",
    status == 429 and headers.get('Retry-After') == str(retry_after) and bool(headers.get('X-Request-Id')),
    f'status {status}, Retry-After {headers.get("Retry-After")!r}, X-Request-Id {headers.get("X-Request-Id")!r}',
)

e = expect_error(
    'ShowSecret(gateway-down), an HTML 502 page',
    lambda: call(client, 'ShowSecret', secret_name='gateway-down'),
    wire,
    MOCK_URL,
    sdk_errors.ServerResponseException,
    502,
    '502',
    'ShowSecret',
    'gateway-down',
)
if e is not None:
    check(
        "ShowSecret(gateway-down): for a non-JSON body the SDK sets error_code to the status ('502') and error_msg to the body text",
        e.error_msg == (wire.last or {}).get('text') and e.error_msg.lstrip().startswith('<html'),
        f'error_msg {e.error_msg!r:.80}',
    )

section('a secret name with a slash')
expect_error(
    'ShowSecret(a/b)',
    lambda: call(client, 'ShowSecret', secret_name='a/b'),
    wire,
    MOCK_URL,
    sdk_errors.ClientRequestException,
    400,
    'CSMS.0002',
    'ShowSecret',
    'a/b',
)
sent = (wire.last or {}).get('path', '')
check(
    f'ShowSecret(a/b): the SDK sent …/secrets/a%2Fb (sent {sent}); the mock refused the name, not the signature',
    sent.endswith('/secrets/a%2Fb') and 'secret_name' in json.loads((wire.last or {}).get('text') or '{}').get('error_msg', ''),
    f'answer {(wire.last or {}).get("text")!r:.160}',
)

lifecycle.run()
tags_events.run()
grants_tasks.run()
tools_users.run()
errors.run()

section('nothing of this run is left')
try:
    left = [x.name for x in call(client, 'ListSecrets', limit='1000').secrets]
    check(f'ListSecrets: the configured secrets only, as before the run ({len(names)})', left == names, f'got {left}')
    left = [x.name for x in call(client, 'ListSecretEvents', limit='1000').events]
    check('ListSecretEvents: no event (mock-config.json has none)', left == [], f'got {left}')
    left = [x.key for x in call(client, 'ListProjectSecretsTags').tags]
    check('ListProjectSecretsTags: no tag (mock-config.json has none)', left == [], f'got {left}')
except Exception as e:
    crashed('nothing of this run is left', e)

section('coverage')
check(
    f"the operations called through the SDK are the document's {len(OPERATION_IDS)} (generated/openapi.json), no more, no fewer",
    called == set(OPERATION_IDS),
    f'never called: {sorted(set(OPERATION_IDS) - called)}; not in the document: {sorted(called - set(OPERATION_IDS))}',
)
unmet = undocumented_errors_met(OPERATION_IDS)
check(
    "every 400 and 404 error code the document's examples give each operation was met as the SDK's ClientRequestException",
    not unmet,
    f'never met: {unmet}',
)
answered = {e['operation'] for e in journal(MOCK_URL) + journal(MOCK_URL_2) if 200 <= e['status'] < 300}
check(
    "the mocks' journals show a 2xx answer to every operation (each SDK call reached the document's operation)",
    set(OPERATION_IDS) <= answered,
    f'no 2xx for {sorted(set(OPERATION_IDS) - answered)}',
)

note(
    'IAM token: the Python SDK has no token mode (BasicCredentials signs with AK/SK; a token is only used inside its federated '
    'flow to get temporary keys), so CSMS_TOKEN is not exercised here'
)

finish()
