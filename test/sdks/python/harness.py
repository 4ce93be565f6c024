"""What every check of the Python SDK suite shares: the environment, the SDK clients, one line per check.

Imported by suite.py (the reads, backups and typed errors) and lifecycle.py (the writes). The
clients sign with the suite's access key; a response handler on each keeps the last answer as it
came over the wire, so typed results and typed exceptions can be compared with it. Counters and
notes live here; finish() prints the RESULT line run.mjs reads. Nothing prints the access key,
the secret key or a signature (scrub()).
"""

import importlib.metadata
import json
import logging
import os
import re
import sys
import traceback
import urllib.error
import urllib.request

import huaweicloudsdkcsms.v1 as csms
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions as sdk_errors
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkcsms.v1 import CsmsClient
from requests.structures import CaseInsensitiveDict

MOCK_URL = os.environ['CSMS_MOCK_URL'].rstrip('/')
MOCK_URL_2 = os.environ['CSMS_MOCK_URL_2'].rstrip('/')
PROJECT_ID = os.environ['CSMS_PROJECT_ID']
AK = os.environ['CSMS_AK']
SK = os.environ['CSMS_SK']
TOKEN = os.environ.get('CSMS_TOKEN', '')
with open(os.environ['CSMS_MOCK_CONFIG'], encoding='utf-8') as f:
    CONFIG = json.load(f)
with open(os.environ['CSMS_OPENAPI'], encoding='utf-8') as f:
    DOCUMENT = json.load(f)

# The SDK logs through 'HuaweiCloud-SDK-<client class>', which does not propagate and has no
# handler, so Python's last-resort handler would print its errors to stderr. The checks say what
# happened instead.
logging.getLogger(f'HuaweiCloud-SDK-{CsmsClient.__name__}').addHandler(logging.NullHandler())

SDK_VERSION = importlib.metadata.version('huaweicloudsdkcsms')
CORE_VERSION = importlib.metadata.version('huaweicloudsdkcore')

passed = 0
failures = []
notes = []


def scrub(text):
    """Never let a credential reach the output, whatever an SDK message contains."""
    text = str(text)
    for secret in (SK, AK, TOKEN, 'wrong-' + SK):
        if secret:
            text = text.replace(secret, '***')
    return text


def check(what, ok, problem=''):
    """One check, one line: ✓ or ✗, what was checked, and on failure what was found instead."""
    global passed
    if ok:
        passed += 1
        print(scrub(f'✓ {what}'), flush=True)
    else:
        line = scrub(f'{what}: {problem}' if problem else what)
        failures.append(line)
        print(f'✗ {line}', flush=True)
    return ok


def note(text):
    notes.append(text)
    print(f'ℹ {text}', flush=True)


def crashed(what, error):
    """A check that raised where it should not have is a failed check, and the suite goes on."""
    check(what, False, f'{type(error).__name__}: {getattr(error, "error_msg", None) or error}')
    if os.environ.get('CSMS_SDK_DEBUG'):
        traceback.print_exc()


# ---------------------------------------------------------------------------------------------
# Clients. A response handler (the SDK's own HttpHandler hook, called with every requests.Response
# before the SDK turns it into a result or an exception) keeps the last answer of each client, so
# a typed result can be compared with the JSON on the wire and an exception with the answer's
# X-Request-Id.


class Wire:
    def __init__(self):
        self.last = None

    def __call__(self, **kwargs):
        response = kwargs['response']
        self.last = {
            'status': response.status_code,
            'headers': CaseInsensitiveDict(response.headers),
            'text': response.text,
            'path': response.request.path_url,
            'method': response.request.method,
        }


def make_client(url, sk=SK, after_signing=None, project_id=PROJECT_ID):
    """A client and its Wire. after_signing, if given, is the SDK's request hook: it runs on the
    SdkRequest after the SDK has signed it and before it is sent (http_client.py do_request_sync)."""
    config = HttpConfig.get_default_config()
    config.ignore_ssl_verification = True
    wire = Wire()
    handler = HttpHandler().add_response_handler(wire)
    if after_signing is not None:
        handler.add_request_handler(after_signing)
    client = (
        CsmsClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(AK, sk, project_id))
        .with_endpoints([url])
        .with_http_handler(handler)
        .build()
    )
    return client, wire


class Prefer:
    """A request hook that adds `Prefer: code=…, example=…` after the SDK signed the request (so the
    header is not signed): how a test asks csms-mock for one documented answer of an operation that
    it answers from the document's examples (x-mock-examples), such as an error it cannot cause."""

    def __init__(self):
        self.value = None

    def __call__(self, **kwargs):
        if self.value:
            kwargs['request'].header_params['Prefer'] = self.value


client, wire = make_client(MOCK_URL)
prefer = Prefer()
prefer_client, prefer_wire = make_client(MOCK_URL, after_signing=prefer)
client2, wire2 = make_client(MOCK_URL_2)
bad_client, bad_wire = make_client(MOCK_URL, sk='wrong-' + SK)


def snake(operation_id):
    return re.sub(r'(?<!^)(?=[A-Z])', '_', operation_id).lower()


OPERATIONS = [
    (path, method, op)
    for path, item in DOCUMENT['paths'].items()
    for method, op in item.items()
    if isinstance(op, dict) and 'operationId' in op
]
OPERATION_IDS = [op['operationId'] for _, _, op in OPERATIONS]
called = set()


def call(sdk_client, operation_id, **params):
    """Calls an operation through the SDK's typed method and request class, both named from the operationId."""
    called.add(operation_id)
    request = getattr(csms, f'{operation_id}Request')(**params)
    return getattr(sdk_client, snake(operation_id))(request)


def journal(url):
    with urllib.request.urlopen(f'{url}/_mock/requests', timeout=10) as r:
        return [e for e in json.load(r)['requests'] if e.get('operation')]


def last_journal(url):
    entries = journal(url)
    return entries[-1] if entries else {}


# ---------------------------------------------------------------------------------------------
# The document's schemas against the SDK's models.


def deref(schema):
    while isinstance(schema, dict) and '$ref' in schema:
        node = DOCUMENT
        for part in schema['$ref'].lstrip('#/').split('/'):
            node = node[part.replace('~1', '/').replace('~0', '~')]
        schema = node
    return schema


def properties_of(schema):
    """Every property a schema can have, through allOf/anyOf/oneOf: {name: schema}."""
    schema = deref(schema)
    props = dict(schema.get('properties', {}))
    for key in ('allOf', 'anyOf', 'oneOf'):
        for part in schema.get(key, []):
            props.update(properties_of(part))
    return props


def items_of(schema):
    schema = deref(schema)
    if 'items' in schema:
        return schema['items']
    for key in ('allOf', 'anyOf', 'oneOf'):
        for part in schema.get(key, []):
            found = items_of(part)
            if found is not None:
                return found
    return None


def sdk_model(type_name):
    return getattr(csms, type_name, None)


def missing_in_model(schema, model, where):
    """The document's properties that the SDK model has no attribute for (it would drop them)."""
    missing = []
    by_json = {json_key: attr for attr, json_key in model.attribute_map.items()}
    for name, prop in properties_of(schema).items():
        if name not in by_json:
            missing.append(f'{where}.{name}')
            continue
        sdk_type = model.openapi_types[by_json[name]]
        inner = re.fullmatch(r'list\[(\w+)\]', sdk_type)
        if inner and sdk_model(inner.group(1)) and items_of(prop) is not None:
            missing += missing_in_model(items_of(prop), sdk_model(inner.group(1)), f'{where}.{name}[]')
        elif sdk_model(sdk_type) and hasattr(sdk_model(sdk_type), 'attribute_map'):
            missing += missing_in_model(prop, sdk_model(sdk_type), f'{where}.{name}')
    return missing


def wire_vs_typed(raw, typed, where='$'):
    """Where the SDK's typed result differs from the JSON the mock sent: a dropped field, a changed value or type."""
    if isinstance(raw, dict):
        if type(typed) is dict:
            # A field the SDK types as `object` keeps the JSON as it came.
            return [] if typed == raw else [f'{where}: {raw!r:.60} became {typed!r:.60}']
        if not hasattr(typed, 'attribute_map'):
            return [f'{where}: object became {type(typed).__name__}']
        by_json = {json_key: attr for attr, json_key in typed.attribute_map.items()}
        problems = []
        for key, value in raw.items():
            if key not in by_json:
                problems.append(f'{where}.{key} dropped (no attribute in {type(typed).__name__})')
            else:
                problems += wire_vs_typed(value, getattr(typed, by_json[key]), f'{where}.{key}')
        return problems
    if isinstance(raw, list):
        if not isinstance(typed, list) or len(typed) != len(raw):
            return [f'{where}: list of {len(raw)} became {typed!r:.80}']
        return [p for i, (r, t) in enumerate(zip(raw, typed)) for p in wire_vs_typed(r, t, f'{where}[{i}]')]
    if raw != typed or type(raw) is not type(typed):
        return [f'{where}: {raw!r:.60} became {typed!r:.60}']
    return []


def check_wire(what, sdk_wire, result, sdk_changes=None):
    """Every field of the answer arrived typed with its value; `sdk_changes` ({JSON path: why}) are
    the SDK's known changes, which must still happen (so that a fixed SDK is noticed)."""
    raw = json.loads(sdk_wire.last['text'])
    problems = wire_vs_typed(raw, result)
    if not sdk_changes:
        check(f'{what}: every field of the JSON answer arrived typed, same value', not problems, '; '.join(problems))
        return
    changed = {p.split(':')[0].split(' ')[0] for p in problems}
    listed = set(sdk_changes)
    check(
        f'{what}: every field arrived typed, same value, but the SDK known changes of {", ".join(sorted(listed))}',
        changed == listed,
        f'unexpected {sorted(changed - listed)}, no longer changed {sorted(listed - changed)}: {"; ".join(problems)}',
    )
    for why in dict.fromkeys(sdk_changes.values()):
        note(f'{what}: {", ".join(p for p, w in sdk_changes.items() if w == why)}: {why}')


def fields(what, obj, expected):
    """Field-by-field: {attribute: expected value}; one line for the lot, naming each field that differs."""
    wrong = [f'{k}={getattr(obj, k, "<none>")!r} (want {v!r})' for k, v in expected.items() if getattr(obj, k, '<none>') != v]
    shown = ', '.join(f'{k}={v!r}' for k, v in expected.items())
    check(f'{what}: {shown}', not wrong, ', '.join(wrong))


def expect_error(what, run, sdk_wire, mock_url, cls, status, code, operation, secret_name):
    """A typed exception: its class, status_code and error_code; its request_id equal to the answer's
    X-Request-Id and to the requestId of the mock's journal entry for it."""
    sdk_wire.last = None
    try:
        run()
    except sdk_errors.SdkException as e:
        got = (type(e).__name__, getattr(e, 'status_code', None), getattr(e, 'error_code', None))
        if check(
            f'{what} → {cls.__name__} {status} {code}', got == (cls.__name__, status, code), f'got {got}, error_msg {e.error_msg!r:.120}'
        ):
            met_errors.add((operation, status, code))
        header = (sdk_wire.last or {}).get('headers', {}).get('X-Request-Id')
        entry = last_journal(mock_url)
        # A JSON error body carries request_id too; it must name the same answer.
        try:
            in_body = json.loads((sdk_wire.last or {}).get('text') or '')
            in_body = in_body.get('request_id', header) if isinstance(in_body, dict) else header
        except ValueError:
            in_body = header
        same = e.request_id and e.request_id == header == entry.get('requestId') == in_body
        right_entry = (entry.get('operation'), entry.get('secretName'), entry.get('status')) == (operation, secret_name, status)
        check(
            f'{what}: request_id {e.request_id} = X-Request-Id = the journal entry '
            + (f'({operation} {secret_name!r} {status})' if secret_name is not None else f'({operation} {status})')
            + (" = the body's request_id" if in_body is not header else ''),
            same and right_entry,
            f'request_id {e.request_id!r}, X-Request-Id {header!r}, body request_id {in_body!r}, journal {entry}',
        )
        return e
    except Exception as e:  # anything else is a failed check, reported as such
        crashed(f'{what} → {cls.__name__} {status} {code}', e)
        return None
    check(f'{what} → {cls.__name__} {status} {code}', False, 'no exception was raised')
    return None


# ---------------------------------------------------------------------------------------------
# The document's examples: the errors each operation documents (by the name of the mock's error in
# `x-mock-error`) and the answers of the operations the mock answers from examples.

# (operationId, status, error_code) of every documented error met through the SDK.
met_errors = set()


def operation_of(operation_id):
    return next(op for _, _, op in OPERATIONS if op['operationId'] == operation_id)


def response_examples(operation_id, status):
    """{example name: example object} of one response of an operation, in application/json."""
    response = deref(operation_of(operation_id)['responses'].get(str(status), {}))
    examples = response.get('content', {}).get('application/json', {}).get('examples', {})
    return {name: deref(example) for name, example in examples.items()}


def parameter_example(operation_id, name):
    """The document's example value of one of the operation's parameters."""
    path = next(p for p, _, op in OPERATIONS if op['operationId'] == operation_id)
    params = [deref(x) for x in operation_of(operation_id).get('parameters', []) + DOCUMENT['paths'][path].get('parameters', [])]
    found = next(x for x in params if x['name'] == name)
    return found['example'] if 'example' in found else deref(found['schema'])['examples'][0]


def request_example(operation_id, name):
    """The value of one of the operation's request body examples."""
    media = deref(operation_of(operation_id)['requestBody'])['content']['application/json']
    return deref(media['examples'][name])['value']


def documented_errors(operation_id):
    """{(status, x-mock-error): {code, message, wrapped, example}} of the operation's 400 and 404 examples."""
    found = {}
    for status in (400, 404):
        for name, example in response_examples(operation_id, status).items():
            value = example['value']
            error = value.get('error', value)
            found[(status, example.get('x-mock-error'))] = {
                'code': error['error_code'],
                'wrapped': 'error' in value,
                'example': name,
            }
    return found


def expect_documented(what, operation_id, status, mock_error, run, sdk_wire=None, mock_url=MOCK_URL):
    """The SDK's typed error for the operation's documented error example of that x-mock-error:
    ClientRequestException with the example's status and error_code; the body in the example's form
    (wrapped {"error": {...}} or flat) and the SDK's error_code and error_msg read from it; its
    request_id the answer's X-Request-Id and the journal's entry for the call."""
    sdk_wire = sdk_wire or wire
    doc = documented_errors(operation_id).get((status, mock_error))
    if doc is None:
        return check(f'{what}: {operation_id} documents a {status} {mock_error}', False, 'no such example in the document')
    sdk_wire.last = None
    form = 'wrapped {"error": {…}}' if doc['wrapped'] else 'flat'
    label = f'{what} → ClientRequestException {status} {doc["code"]} ({mock_error}, {form})'
    try:
        run()
    except sdk_errors.ClientRequestException as e:
        body = json.loads((sdk_wire.last or {}).get('text') or 'null')
        inner = body.get('error') if doc['wrapped'] and isinstance(body, dict) else body
        shape = isinstance(body, dict) and (set(body) == {'error'}) == doc['wrapped'] and isinstance(inner, dict)
        got = (e.status_code, e.error_code, shape and e.error_msg == inner.get('error_msg'))
        if check(label, got == (status, doc['code'], True), f'got status {e.status_code}, error_code {e.error_code!r}, body {body!r:.160}'):
            met_errors.add((operation_id, status, doc['code']))
        header = (sdk_wire.last or {}).get('headers', {}).get('X-Request-Id')
        entry = last_journal(mock_url)
        check(
            f'{what}: request_id = X-Request-Id = the journal entry ({operation_id} {status})',
            bool(e.request_id)
            and e.request_id == header == entry.get('requestId')
            and (entry.get('operation'), entry.get('status')) == (operation_id, status),
            f'request_id {e.request_id!r}, X-Request-Id {header!r}, journal {entry}',
        )
        return e
    except Exception as e:  # anything else is a failed check, reported as such
        crashed(label, e)
        return None
    check(label, False, 'no exception was raised')
    return None


def undocumented_errors_met(operation_ids):
    """The documented (operation, 400/404, error_code) of these operations that no check met."""
    wanted = {(oid, status, doc['code']) for oid in operation_ids for (status, _), doc in documented_errors(oid).items()}
    return sorted(wanted - met_errors)


def plain_get(url):
    """An unsigned GET, to see what the mock sends where the SDK hides it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, CaseInsensitiveDict(r.headers.items()), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, CaseInsensitiveDict(e.headers.items()), e.read().decode()


def section(name):
    print(f'\n— {name}', flush=True)


def finish():
    """The RESULT line (the runner reads the last one) and the exit code: 0 only when every check passed."""
    print(
        'RESULT '
        + json.dumps(
            {
                'suite': 'python',
                'tool': 'huaweicloudsdkcsms',
                'version': SDK_VERSION if SDK_VERSION == CORE_VERSION else f'{SDK_VERSION} (core {CORE_VERSION})',
                'passed': passed,
                'failed': len(failures),
                'failures': failures,
                'notes': notes,
            },
            ensure_ascii=False,
        ),
        flush=True,
    )
    sys.exit(0 if not failures and passed > 0 else 1)
